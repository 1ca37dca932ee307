package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CSRF token on its own, as a script (no browser headers) would meet it: a signed-in session's
 * change needs the page's token, in the form (plain or multipart) or the header; a token of an
 * earlier session or none is refused; a token does not help a request from another origin; {@code
 * GET /auth/logout} no longer signs out.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class CsrfTokenTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern META =
      Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

  /** A browser's cookies for Stepwise, kept by hand (the JDK's cookie store ignores ports too). */
  static final class Session {
    final Map<String, String> cookies = new LinkedHashMap<>();

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
      if (!cookies.isEmpty()) {
        request.header(
            "Cookie",
            String.join(
                "; ",
                cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
      }
      HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (String set : r.headers().allValues("Set-Cookie")) {
        String[] pair = set.split(";", 2)[0].split("=", 2);
        if (pair[1].isEmpty()) cookies.remove(pair[0]);
        else cookies.put(pair[0], pair[1]);
      }
      return r;
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Sfn.endpoint() + path));
      if (headers.length > 0) b.headers(headers);
      return send(b);
    }

    HttpResponse<String> post(String path, String form, String... headers) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(Sfn.endpoint() + path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form));
      if (headers.length > 0) b.headers(headers);
      return send(b);
    }

    /** The token of the page at {@code path}. */
    String token(String path) throws Exception {
      Matcher m = META.matcher(get(path).body());
      assertThat(m.find()).as("the page carries a CSRF token").isTrue();
      return m.group(1);
    }
  }

  static Session signedIn() throws Exception {
    Session s = new Session();
    HttpResponse<String> r =
        s.post(
            "/auth/login",
            "username=admin&password="
                + URLEncoder.encode(LocalProfile.adminPassword(), StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(s.cookies).containsKeys("stepwise-session", "stepwise-csrf");
    return s;
  }

  @Test
  void aChangeNeedsTheSessionsTokenInTheFormOrTheHeader() throws Exception {
    Session s = signedIn();
    String token = s.token("/security/keys");
    HttpResponse<String> none = s.post("/security/keys", "owner=user");
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.body()).contains("csrf-refused");
    assertThat(s.post("/security/keys", "owner=user&_csrf=x" + token).statusCode()).isEqualTo(403);

    HttpResponse<String> field = s.post("/security/keys", "owner=user&_csrf=" + token);
    assertThat(field.statusCode()).isEqualTo(200);
    assertThat(field.body()).contains("id=\"secret\"");
    assertThat(s.post("/security/keys", "owner=user", "X-CSRF-Token", token).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aMultipartFormCarriesItAsAPart() throws Exception {
    Session s = signedIn();
    String token = s.token("/state-machines");
    String boundary = "----stepwise" + System.nanoTime();
    String name = Sfn.unique("multipart");
    StringBuilder body = new StringBuilder();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", name);
    fields.put("type", "STANDARD");
    fields.put(
        "definition", "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");
    fields.forEach(
        (k, v) ->
            body.append(
                "--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\""
                    + k
                    + "\"\r\n\r\n"
                    + v
                    + "\r\n"));
    String withoutToken = body + "--" + boundary + "--\r\n";
    String withToken =
        body
            + "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
            + token
            + "\r\n"
            + "--"
            + boundary
            + "--\r\n";
    HttpRequest.Builder refused =
        HttpRequest.newBuilder(URI.create(Sfn.endpoint() + "/state-machines"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(withoutToken));
    assertThat(s.send(refused).statusCode()).isEqualTo(403);
    HttpRequest.Builder accepted =
        HttpRequest.newBuilder(URI.create(Sfn.endpoint() + "/state-machines"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(withToken));
    HttpResponse<String> r = s.send(accepted);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains(name));
  }

  @Test
  void anEarlierSessionsTokenIsRefused() throws Exception {
    Session s = signedIn();
    String old = s.token("/security/keys");
    // Signing in again (as after a sign-out) starts a new session with a new nonce.
    Session again = signedIn();
    s.cookies.put("stepwise-session", again.cookies.get("stepwise-session"));
    s.cookies.put("stepwise-csrf", again.cookies.get("stepwise-csrf"));
    assertThat(s.post("/security/keys", "owner=user&_csrf=" + old).statusCode()).isEqualTo(403);
  }

  @Test
  void anotherOriginIsRefusedEvenWithTheToken() throws Exception {
    Session s = signedIn();
    String token = s.token("/security/keys");
    String otherPort = "http://localhost:" + (Sfn.endpoint().getPort() + 1);
    HttpResponse<String> byOrigin =
        s.post("/security/keys", "owner=user&_csrf=" + token, "Origin", otherPort);
    assertThat(byOrigin.statusCode()).isEqualTo(403);
    assertThat(byOrigin.body())
        .startsWith("Refused: this request was sent by a page of another site");
    HttpResponse<String> bySite =
        s.post(
            "/security/keys",
            "owner=user&_csrf=" + token,
            "Sec-Fetch-Site",
            "same-site",
            "Origin",
            otherPort);
    assertThat(bySite.statusCode()).isEqualTo(403);
    // The page's own origin passes.
    assertThat(
            s.post(
                    "/security/keys",
                    "owner=user&_csrf=" + token,
                    "Origin",
                    Sfn.endpoint().toString().replaceAll("/$", ""))
                .statusCode())
        .isEqualTo(200);
    // So does sign-in from this origin, and not from another.
    assertThat(
            new Session()
                .post("/auth/login", "username=admin&password=x", "Origin", otherPort)
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void signingOutIsAPostWithTheToken() throws Exception {
    Session s = signedIn();
    HttpResponse<String> link = s.get("/auth/logout");
    assertThat(link.statusCode()).isEqualTo(303);
    assertThat(link.headers().firstValue("Location")).hasValue("/auth/sign-out");
    assertThat(s.get("/auth/me").body()).contains("\"name\":\"admin\"");
    assertThat(s.post("/auth/logout", "").statusCode()).isEqualTo(403);
    assertThat(s.get("/auth/me").body()).contains("\"name\":\"admin\"");

    String token = s.token("/auth/sign-out");
    HttpResponse<String> out = s.post("/auth/logout", "_csrf=" + token);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/auth/signed-out"));
    assertThat(s.get("/auth/me").body()).contains("\"name\":\"anonymous\"");
  }
}
