package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.security.CsrfTokenTest.Session;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The smaller holes of the trust boundary: browser-hardening headers on every page, metrics only
 * for the scrape token or an admin, no caching of a shown secret, {@code Secure} cookies over https
 * through a trusted proxy, and 400 (not 500) for the bad inputs an attacker tried.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class HardeningTest {

  @Test
  void everyPageForbidsFramingInlineScriptsAndForeignReferrers() throws Exception {
    Session admin = CsrfTokenTest.signedIn();
    for (String path :
        List.of(
            "/auth/login",
            "/state-machines",
            "/executions",
            "/security/keys",
            "/stepwise/app.css")) {
      HttpResponse<String> r =
          path.equals("/auth/login") ? new Session().get(path) : admin.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .hasValueSatisfying(
              csp -> assertThat(csp).contains("script-src 'self';", "frame-ancestors 'none'"));
      assertThat(r.headers().allValues("X-Frame-Options")).as(path).containsExactly("DENY");
      assertThat(r.headers().allValues("Referrer-Policy")).as(path).containsExactly("same-origin");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
  }

  @Test
  void metricsNeedTheScrapeTokenOrASignedInAdmin() throws Exception {
    assertThat(new Session().get("/q/metrics").statusCode()).isEqualTo(401);
    assertThat(new Session().get("/q/metrics", "Authorization", "Bearer wrong-token").statusCode())
        .isEqualTo(401);
    HttpResponse<String> scraped =
        new Session().get("/q/metrics", "Authorization", "Bearer " + LocalProfile.METRICS_TOKEN);
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.body()).contains("jvm_");
    assertThat(CsrfTokenTest.signedIn().get("/q/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void whatAUserTypedIsTextOnTheSecurityPages() throws Exception {
    Session admin = CsrfTokenTest.signedIn();
    String markup = "<img src=x onerror=alert(1)>";
    String token = admin.token("/security/keys");
    admin.post(
        "/security/keys",
        "owner=user&description="
            + URLEncoder.encode(markup, StandardCharsets.UTF_8)
            + "&_csrf="
            + token);
    String keys = admin.get("/security/keys").body();
    assertThat(keys).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain(markup);

    String filter = "\"><script>alert(2)</script>";
    String audit =
        admin
            .get("/security/audit?actor=" + URLEncoder.encode(filter, StandardCharsets.UTF_8))
            .body();
    assertThat(audit)
        .doesNotContain("<script>alert(2)</script>")
        .contains("&lt;script&gt;alert(2)");
    // The security pages are pages of the app: its header, its CSRF meta tag.
    assertThat(audit).contains("id=\"nav-audit\"", "<meta name=\"csrf-token\"");
  }

  @Test
  void theNewKeysSecretIsNotCached() throws Exception {
    Session admin = CsrfTokenTest.signedIn();
    String token = admin.token("/security/keys");
    HttpResponse<String> made = admin.post("/security/keys", "owner=user&_csrf=" + token);
    assertThat(made.statusCode()).isEqualTo(200);
    assertThat(made.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void cookiesAreSecureWhenTheTrustedProxySaysHttps() throws Exception {
    String form =
        "username=admin&password="
            + URLEncoder.encode(LocalProfile.adminPassword(), StandardCharsets.UTF_8);
    HttpResponse<String> overHttps =
        new Session().post("/auth/login", form, "X-Forwarded-Proto", "https");
    assertThat(overHttps.headers().allValues("Set-Cookie"))
        .hasSize(2)
        .allSatisfy(c -> assertThat(c).containsIgnoringCase(";Secure"));
    HttpResponse<String> overHttp = new Session().post("/auth/login", form);
    assertThat(overHttp.headers().allValues("Set-Cookie"))
        .hasSize(2)
        .noneSatisfy(c -> assertThat(c).containsIgnoringCase("Secure"));
  }

  @Test
  void badInputsAre400Not500() throws Exception {
    Session admin = CsrfTokenTest.signedIn();
    for (String path :
        List.of(
            "/auth/login?next=%2Fa%0D%0ASet-Cookie:%20x=1",
            "/auth/login?next=%2Fstate-machines%20x",
            "/security/audit.json?since=garbage",
            "/security/audit.csv?since=garbage",
            "/approvals/inbox?execution=%00",
            "/executions/%00")) {
      HttpResponse<String> r = admin.get(path);
      assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(400);
      assertThat(r.body()).as(path).startsWith("Bad request: ");
    }
    String form =
        "username=admin&next=%2Fa+b&password="
            + URLEncoder.encode(LocalProfile.adminPassword(), StandardCharsets.UTF_8);
    HttpResponse<String> signIn = new Session().post("/auth/login", form);
    assertThat(signIn.statusCode()).isEqualTo(400);
    assertThat(signIn.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("stepwise-session"));
  }
}
