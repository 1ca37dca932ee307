package io.stepwise.worker.poll;

import java.net.URI;
import java.time.Duration;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Builds the two clients a worker uses, both {@link ActivityWireClient}s over the SDK's Apache HTTP
 * client: one for long polls (a socket timeout past the server's 60-second hold; the poller backs
 * off by itself) and one for heartbeats and reports (short timeouts; the reporter retries by
 * itself).
 */
public final class SfnClients {

  /** GetActivityTask may hold the connection 60 seconds before answering with no task. */
  static final Duration POLL_SOCKET_TIMEOUT = Duration.ofSeconds(70);

  private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The access key used when no credentials are configured, fine for a Stepwise server. */
  public static final String DUMMY_ACCESS_KEY = "stepwise";

  private static final Logger LOG = Logger.getLogger(SfnClients.class.getName());

  private SfnClients() {}

  /** A client for GetActivityTask long polls, with a connection per concurrent poll. */
  public static SfnClient forPolling(
      URI server, String region, AwsCredentialsProvider credentials, int polls) {
    return new ActivityWireClient(
        server,
        region,
        credentials,
        ApacheHttpClient.builder()
            .socketTimeout(POLL_SOCKET_TIMEOUT)
            .connectionTimeout(CONNECT_TIMEOUT)
            .maxConnections(Math.max(1, polls))
            .build());
  }

  /** A client for heartbeats and reports. */
  public static SfnClient forReporting(
      URI server, String region, AwsCredentialsProvider credentials, int concurrency) {
    return new ActivityWireClient(
        server,
        region,
        credentials,
        ApacheHttpClient.builder()
            .socketTimeout(REPORT_TIMEOUT)
            .connectionTimeout(CONNECT_TIMEOUT)
            .maxConnections(Math.max(2, concurrency + 1))
            .build());
  }

  /**
   * Credentials from Java system properties, environment variables or the shared profile file, else
   * a dummy key pair: a Stepwise server without access keys accepts any signature. The chain
   * deliberately leaves out the container and EC2 instance-metadata providers, which would reach
   * for a link-local metadata address on every start outside AWS.
   */
  public static AwsCredentialsProvider credentials(URI server) {
    AwsCredentialsProvider chain =
        AwsCredentialsProviderChain.builder()
            .credentialsProviders(
                SystemPropertyCredentialsProvider.create(),
                EnvironmentVariableCredentialsProvider.create(),
                ProfileCredentialsProvider.create())
            .reuseLastProviderEnabled(true)
            .build();
    try {
      chain.resolveCredentials();
      return chain;
    } catch (SdkException | IllegalStateException e) {
      String host = server.getHost() == null ? "" : server.getHost();
      if (!(host.equals("localhost")
          || host.startsWith("127.")
          || host.equals("[::1]")
          || host.equals("::1"))) {
        LOG.warning(
            "credentials.dummy server="
                + server
                + " reason=no AWS credentials found; a server that checks access keys will refuse the worker");
      }
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(DUMMY_ACCESS_KEY, DUMMY_ACCESS_KEY));
    }
  }
}
