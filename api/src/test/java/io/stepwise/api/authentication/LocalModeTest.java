package io.stepwise.api.authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.security.LocalProfile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Local mode (no identity provider): the generated admin password signs in through the form, a
 * wrong one is refused, the credentials file is the owner's only and in AWS's format, and the AWS
 * SDK signs with it; a non-loopback bind is refused unless allowed.
 */
@QuarkusTest
@TestProfile(LocalProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class LocalModeTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String password() {
    return LocalProfile.adminPassword();
  }

  private static HttpResponse<String> signIn(String user, String password) throws Exception {
    String form =
        "username="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&next=%2Fstate-machines";
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(Sfn.endpoint() + "/auth/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theGeneratedPasswordSignsInAndTheSessionOpensPages() throws Exception {
    HttpResponse<String> r = signIn("admin", password());
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/state-machines"));
    String cookie =
        r.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("stepwise-session="))
            .findFirst()
            .orElseThrow()
            .split(";", 2)[0];
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(Sfn.endpoint() + "/state-machines"))
                .header("Cookie", cookie)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<span id=\"user-name\">admin</span>", "/auth/logout");
    // Without the cookie the page sends the browser to sign in.
    HttpResponse<String> anonymous =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(Sfn.endpoint() + "/state-machines")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(303);
    assertThat(anonymous.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("/auth/login"));
  }

  @Test
  void aWrongPasswordOrUserIsRefused() throws Exception {
    HttpResponse<String> r = signIn("admin", password() + "x");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("stepwise-session"));
    assertThat(r.body()).contains("Wrong user name or password");
    assertThat(signIn("root", password()).statusCode()).isEqualTo(401);
  }

  @Test
  void theCredentialsFileIsOwnerOnlyAndTheAwsSdkSignsWithIt() throws Exception {
    Path file = Path.of(LocalProfile.DATA, "security", "credentials");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file))
        .matches("\\[default\\]\naws_access_key_id = \\S+\naws_secret_access_key = \\S+\n");
    ProfileFile profiles =
        ProfileFile.builder().content(file).type(ProfileFile.Type.CREDENTIALS).build();
    try (SfnClient sfn =
        SfnClient.builder()
            .endpointOverride(Sfn.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                ProfileCredentialsProvider.builder()
                    .profileFile(profiles)
                    .profileName("default")
                    .build())
            .overrideConfiguration(
                c ->
                    c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)
                        .retryStrategy(s -> s.maxAttempts(1)))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build()) {
      String arn =
          Sfn.createMachine(
              sfn, "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");
      assertThat(sfn.listStateMachines(b -> {}).stateMachines())
          .anyMatch(m -> m.stateMachineArn().equals(arn));
    }
  }

  @Test
  void bindingToEveryAddressIsRefusedUnlessAllowed() {
    assertThatThrownBy(() -> LocalAdmin.refuseInsecureBind("0.0.0.0", false, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Refusing to listen on 0.0.0.0")
        .hasMessageContaining("STEPWISE_ALLOW_INSECURE_BIND");
    LocalAdmin.refuseInsecureBind("0.0.0.0", false, true);
    LocalAdmin.refuseInsecureBind("localhost", false, false);
    LocalAdmin.refuseInsecureBind("127.0.0.1", false, false);
    LocalAdmin.refuseInsecureBind("0.0.0.0", true, false); // with SSO any address is fine
  }
}
