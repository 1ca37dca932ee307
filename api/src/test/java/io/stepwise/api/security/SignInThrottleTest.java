package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.security.CsrfTokenTest.Session;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Password guessing at the local sign-in form, as the attacker did it (30 wrong passwords
 * in 3.6 s): after five failures per user name or per address every attempt waits (3 s in this
 * profile), the wait doubles, the right password does not help while waiting, and each burst of
 * refusals is audited once. The addresses come through the trusted proxy's X-Forwarded-For.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class SignInThrottleTest {
  @Inject AuditLog audit;

  private static HttpResponse<String> attempt(String user, String password, String from)
      throws Exception {
    return new Session()
        .post(
            "/auth/login",
            "username="
                + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8),
            "X-Forwarded-For",
            from);
  }

  private long throttledEntries(Instant since, String address) {
    return audit.newest(1000, since).stream()
        .filter(e -> e.outcome().equals("throttled") && e.source().contains(address))
        .count();
  }

  @Test
  void guessingFromOneAddressOrAtOneUserWaitsLongerAndLonger() throws Exception {
    Instant start = Instant.now().minusSeconds(1);
    String password = LocalProfile.adminPassword();
    // Other tests' wrong passwords count too: a success clears the user's count first.
    assertThat(attempt("admin", password, "192.0.2.1").statusCode()).isEqualTo(303);

    // One address trying five user names.
    String guesser = "203.0.113.7";
    for (int i = 0; i < 5; i++) {
      assertThat(attempt("user" + i, "guess", guesser).statusCode()).isEqualTo(401);
    }
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> refused = attempt("admin", password, guesser);
      assertThat(refused.statusCode()).as("even the right password waits").isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
      assertThat(refused.body()).contains("Too many failed sign-ins");
    }

    // One user name tried from five addresses.
    for (int i = 0; i < 5; i++) {
      assertThat(attempt("admin", "guess", "198.51.100." + i).statusCode()).isEqualTo(401);
    }
    assertThat(attempt("admin", password, "198.51.100.99").statusCode()).isEqualTo(429);

    // After the wait one more failure doubles it.
    Thread.sleep(3100);
    assertThat(attempt("admin", "guess", "198.51.100.50").statusCode()).isEqualTo(401);
    HttpResponse<String> longer = attempt("admin", password, "198.51.100.51");
    assertThat(longer.statusCode()).isEqualTo(429);
    assertThat(longer.headers().firstValue("Retry-After")).hasValue("6");

    // Waiting it out, the right password works and clears the counts (for the other tests too).
    Thread.sleep(6100);
    assertThat(attempt("admin", password, "198.51.100.52").statusCode()).isEqualTo(303);
    assertThat(attempt("admin", password, guesser).statusCode()).isEqualTo(303);
    assertThat(attempt("admin", "guess", guesser).statusCode()).isEqualTo(401);

    // The audit is written behind the calls, in order: once the last line is there, all are.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (audit.newest(1000, start).stream()
        .noneMatch(
            e ->
                e.outcome().equals("denied")
                    && e.source().contains(guesser)
                    && e.actor().contains("admin"))) {
      assertThat(System.nanoTime()).as("the audit is written").isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(throttledEntries(start, guesser)).as("one audit line per burst").isEqualTo(1);
  }
}
