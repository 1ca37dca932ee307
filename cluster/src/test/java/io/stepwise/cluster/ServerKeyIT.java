package io.stepwise.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.cluster.Cluster.Node;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Several servers on one database need one server key (it seals access-key secrets and signs
 * sessions). Before, a second server that generated its own key started and answered every signed
 * call with a 500 ("An access key secret does not open with this server key"). Now it refuses to
 * start with one line saying what to set; a server given the first one's key serves its keys and
 * its sessions, and signing out on one server ends the session on the other.
 */
class ServerKeyIT {
  private static final String KEY_ID = "SWKSERVERKEYCHECK001";
  private static final String SECRET = "server-key-check-secret-0123456789abcdef";
  private static final String PASSWORD = "the-admin-password-of-both";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String ADVICE =
      "set STEPWISE_SECURITY_SERVER_KEY (or STEPWISE_SECURITY_SERVER_KEY_FILE) to the same value"
          + " on every node";

  @Test
  void aServerWithAnotherKeyRefusesToStartAndOneWithTheSharedKeyServesTheSameKeys()
      throws Exception {
    Cluster.requireServerJar();
    try (Cluster cluster = new Cluster("server-key")) {
      cluster.startPostgres(false);
      Node first =
          cluster.startServer(
              "first",
              cluster.postgresPort(),
              Map.of(
                  "STEPWISE_ADMIN_ACCESS_KEY_ID", KEY_ID,
                  "STEPWISE_ADMIN_SECRET_ACCESS_KEY", SECRET,
                  "STEPWISE_ADMIN_PASSWORD", PASSWORD),
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
              Map.of("STEPWISE_SECURITY_SERVER_KEY", key, "STEPWISE_ADMIN_PASSWORD", PASSWORD),
              "-Dstepwise.security.enabled=true");
      cluster.awaitReady(second, Duration.ofSeconds(180));
      try (SfnClient sfn = Cluster.client(second.endpoint(), 1, KEY_ID, SECRET)) {
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine)).name())
            .isEqualTo("shared-key");
      }
      signingOutOnOneServerEndsTheSessionOnTheOther(first, second);
      cluster.passed();
    }
  }

  private static void signingOutOnOneServerEndsTheSessionOnTheOther(Node first, Node second)
      throws Exception {
    Map<String, String> cookies = new LinkedHashMap<>();
    HttpResponse<String> signedIn =
        send(first, "POST", "/auth/login", "username=admin&password=" + PASSWORD, cookies);
    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(send(second, "GET", "/auth/me", null, cookies).body())
        .contains("\"name\":\"admin\"");

    Matcher token =
        Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">")
            .matcher(send(first, "GET", "/auth/sign-out", null, cookies).body());
    assertThat(token.find()).isTrue();
    assertThat(send(first, "POST", "/auth/logout", "_csrf=" + token.group(1), cookies).statusCode())
        .isEqualTo(303);
    // The signed-out browser forgot its cookie; a copy of it must not work on the other server.
    assertThat(cookies).doesNotContainKey("stepwise-session");
    Map<String, String> stolen = Map.of("stepwise-session", sessionOf(signedIn));
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (send(second, "GET", "/auth/me", null, new LinkedHashMap<>(stolen))
        .body()
        .contains("\"name\":\"admin\"")) {
      assertThat(System.nanoTime()).as("signed out on the other server too").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static String sessionOf(HttpResponse<String> signIn) {
    return signIn.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("stepwise-session="))
        .map(c -> c.split(";", 2)[0].substring("stepwise-session=".length()))
        .findFirst()
        .orElseThrow();
  }

  /** One request with the cookies in {@code cookies}, which takes the answer's Set-Cookie. */
  private static HttpResponse<String> send(
      Node server, String method, String path, String form, Map<String, String> cookies)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.endpoint().resolve(path))
            .method(
                method,
                form == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(form));
    if (form != null) b.header("Content-Type", "application/x-www-form-urlencoded");
    if (!cookies.isEmpty()) {
      b.header(
          "Cookie",
          String.join(
              "; ",
              cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    for (String set : r.headers().allValues("Set-Cookie")) {
      String[] pair = set.split(";", 2)[0].split("=", 2);
      if (pair[1].isEmpty()) cookies.remove(pair[0]);
      else cookies.put(pair[0], pair[1]);
    }
    return r;
  }
}
