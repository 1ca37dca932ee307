package io.stepwise.api.authentication;

import io.quarkus.security.identity.SecurityIdentity;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.engine.json.Json;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates each call of the JSON API ({@code /api/v1/...}, for scripts and
 * infrastructure-as-code) as the AWS endpoint does: a SigV4 signature of a Stepwise access key
 * (service {@code states}; the method and path are signed, so {@code X-Amz-Target} is not needed),
 * or an OpenID Connect bearer token. Browser sessions are not accepted here: the pages have their
 * own forms. Refusals are {@code 401 {"message": ...}}; what the caller may do is decided by the
 * services, as for the AWS endpoint.
 */
@ApplicationScoped
public class JsonApiGuard {
  /** Where the JSON API lives. */
  public static final String PREFIX = "/api/v1/";

  @Inject SecurityConfig config;
  @Inject SecurityIdentity identity;
  @Inject Callers callers;
  @Inject AccessKeys keys;
  @Inject AuditLog audit;
  @Inject CurrentCaller current;

  @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
  public Response beforeDispatch(ContainerRequestContext ctx, HttpServerRequest http) {
    if (!config.enabled() || !isJsonApi(ctx.getUriInfo().getPath())) return null;
    try {
      return authenticate(ctx, http);
    } catch (RuntimeException e) {
      if (!DatabaseOutage.causedBy(e)) throw e;
      return refusal(503, DatabaseOutage.RETRY_MESSAGE);
    }
  }

  /** Whether the path is the JSON API's (which the page guard leaves alone). */
  static boolean isJsonApi(String path) {
    return path.startsWith(PREFIX) || path.equals("/api/v1");
  }

  private Response authenticate(ContainerRequestContext ctx, HttpServerRequest http) {
    String address = http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
    String action = ctx.getMethod() + " " + http.path();
    String authorization = ctx.getHeaderString("Authorization");
    if (authorization == null || authorization.isBlank()) {
      return refusal(
          401,
          "Sign the request with SigV4 (an access key, service states) or send an OpenID Connect"
              + " bearer token");
    }
    Caller caller;
    if (authorization.startsWith("Bearer ")) {
      caller = callers.of(identity, null, address);
      if (!caller.signedIn()) return refusal(401, "The bearer token is invalid or expired");
    } else {
      byte[] body = ApiGuard.bodyOf(ctx);
      SigV4Verifier.Outcome outcome =
          SigV4Verifier.verify(
              SigV4Verifier.STATES,
              ctx.getMethod(),
              http.path(),
              http.query(),
              ApiGuard.signedHeaders(ctx, http),
              body,
              Instant.now(),
              keys::secretOf,
              false);
      if (outcome instanceof SigV4Verifier.Refused r) {
        audit.record(Caller.ANONYMOUS.from(address), action, null, r.type(), "signature refused");
        return refusal(401, r.message());
      }
      String keyId = ((SigV4Verifier.Verified) outcome).accessKeyId();
      Optional<AccessKeys.AccessKey> key = keys.activeKey(keyId);
      if (key.isEmpty())
        return refusal(401, "The security token included in the request is invalid.");
      keys.touch(keyId, Instant.now());
      caller = key.get().caller(address);
    }
    current.set(caller);
    return null;
  }

  private static Response refusal(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Json.write(Json.object().put("message", message)))
        .build();
  }
}
