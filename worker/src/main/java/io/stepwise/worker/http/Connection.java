package io.stepwise.worker.http;

import java.net.URI;
import java.util.Objects;

/**
 * A named connection: how the HTTP task authenticates to an API, the worker's stand-in for an
 * EventBridge connection. A state names it with {@code Authentication.ConnectionArn}; the worker's
 * configuration file maps the name to one of these, with secrets read from environment variables
 * and the hosts the credentials may be sent to ({@link AllowedHosts}): a definition chooses the
 * endpoint, so without them anyone who may write a definition could collect the credentials.
 */
public sealed interface Connection {

  /** The only scheme, host and port combinations the credentials may be sent to. */
  AllowedHosts hosts();

  /** HTTP basic authentication ({@code Authorization: Basic ...}). */
  record Basic(String username, Secret password, AllowedHosts hosts) implements Connection {
    public Basic {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(hosts, "hosts");
    }
  }

  /** An API key sent as the value of the header {@code headerName}. */
  record ApiKey(String headerName, Secret value, AllowedHosts hosts) implements Connection {
    public ApiKey {
      Objects.requireNonNull(headerName, "headerName");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(hosts, "hosts");
    }
  }

  /** A static bearer token ({@code Authorization: Bearer ...}). */
  record Bearer(Secret token, AllowedHosts hosts) implements Connection {
    public Bearer {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(hosts, "hosts");
    }
  }

  /**
   * OAuth 2.0 client credentials: the worker fetches an access token from {@code tokenEndpoint}
   * (client id and secret sent with HTTP basic authentication, {@code
   * grant_type=client_credentials} in a form body; never across a redirect), caches it until
   * shortly before it expires, and sends it as a bearer token to the allowed hosts.
   */
  record OAuthClientCredentials(
      URI tokenEndpoint,
      String httpMethod,
      String clientId,
      Secret clientSecret,
      String scope,
      AllowedHosts hosts)
      implements Connection {
    public OAuthClientCredentials {
      Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
      Objects.requireNonNull(hosts, "hosts");
      httpMethod = httpMethod == null ? "POST" : httpMethod;
    }
  }
}
