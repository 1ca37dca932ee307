package io.stepwise.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.cluster.Cluster.Node;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Several servers on one database need one server key (it seals access-key secrets and signs
 * sessions). Before, a second server that generated its own key started and answered every signed
 * call with a 500 ("An access key secret does not open with this server key"). Now it refuses to
 * start with one line saying what to set; a server given the first one's key serves its keys.
 */
class ServerKeyIT {
  private static final String KEY_ID = "SWKSERVERKEYCHECK001";
  private static final String SECRET = "server-key-check-secret-0123456789abcdef";
  private static final String ADVICE =
      "set STEPWISE_SECURITY_SERVER_KEY (or STEPWISE_SECURITY_SERVER_KEY_FILE) to the same value"
          + " on every node";

  @Test
  void aServerWithAnotherKeyRefusesToStartAndOneWithTheSharedKeyServesTheSameKeys()
      throws Exception {
    Assumptions.assumeTrue(Cluster.serverJar() != null, "api is not packaged");
    try (Cluster cluster = new Cluster("server-key")) {
      cluster.startPostgres(false);
      Node first =
          cluster.startServer(
              "first",
              cluster.postgresPort(),
              Map.of(
                  "STEPWISE_ADMIN_ACCESS_KEY_ID", KEY_ID,
                  "STEPWISE_ADMIN_SECRET_ACCESS_KEY", SECRET),
              "-Dstepwise.security.enabled=true");
      cluster.awaitReady(first, Duration.ofSeconds(180));
      String machine;
      try (SfnClient sfn = Cluster.client(first.endpoint(), 1, KEY_ID, SECRET)) {
        machine =
            sfn.createStateMachine(
                    b ->
                        b.name("shared-key")
                            .roleArn(Cluster.ROLE)
                            .definition(
                                "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"))
                .stateMachineArn();
      }

      // Its own data folder, so its own generated key.
      Node other =
          cluster.startServer(
              "other", cluster.postgresPort(), Map.of(), "-Dstepwise.security.enabled=true");
      assertThat(other.process().waitFor(150, TimeUnit.SECONDS))
          .as("a server with another key stops by itself; log: " + other.log())
          .isTrue();
      assertThat(other.process().exitValue()).isNotZero();
      String log = Files.readString(other.log());
      assertThat(log.lines().filter(l -> l.contains(ADVICE)).count()).isEqualTo(1);
      assertThat(log).as("no stack trace").doesNotContain("\tat ", "Exception");

      String key = Files.readString(cluster.dir.resolve("first/security/server.key")).trim();
      Node second =
          cluster.startServer(
              "second",
              cluster.postgresPort(),
              Map.of("STEPWISE_SECURITY_SERVER_KEY", key),
              "-Dstepwise.security.enabled=true");
      cluster.awaitReady(second, Duration.ofSeconds(180));
      try (SfnClient sfn = Cluster.client(second.endpoint(), 1, KEY_ID, SECRET)) {
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine)).name())
            .isEqualTo("shared-key");
      }
      cluster.passed();
    }
  }
}
