package io.stepwise.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.worker.http.Connection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigReaderTest {

  @TempDir Path dir;

  private static final String FILE =
      """
      {
        "server": "http://stepwise.internal:8080",
        "concurrency": 3,
        "resources": ["arn:aws:states:::http:invoke", "greet"],
        "heartbeatSeconds": 10,
        "heartbeatSecondsByResource": {"greet": 2.5},
        "shutdownGraceSeconds": 45,
        "connections": {
          "billing": {"type": "BASIC", "username": "svc", "passwordEnv": "BILLING_PASSWORD",
                      "allowedHosts": ["billing.example.com"]},
          "stripe": {"type": "API_KEY", "apiKeyName": "Authorization", "apiKeyValueEnv": "STRIPE_KEY",
                     "allowedHosts": ["api.stripe.com"]},
          "crm": {"type": "BEARER", "tokenEnv": "CRM_TOKEN", "allowedHosts": ["*.crm.example.com"]},
          "erp": {"type": "OAUTH_CLIENT_CREDENTIALS", "authorizationEndpoint": "https://idp.example/token",
                  "clientId": "worker", "clientSecretEnv": "ERP_SECRET", "scope": "erp.write",
                  "allowedHosts": ["erp.example.com:8443", "http://10.0.0.5:9000"]}
        }
      }
      """;

  private static final Map<String, String> ENV =
      Map.of("BILLING_PASSWORD", "pw", "STRIPE_KEY", "sk", "CRM_TOKEN", "ct", "ERP_SECRET", "es");

  private Path file(String text) throws Exception {
    Path path = dir.resolve("worker.json");
    Files.writeString(path, text);
    return path;
  }

  @Test
  void readsTheFileWithSecretsFromTheEnvironment() throws Exception {
    WorkerConfig config = new WorkerConfigReader(ENV::get).read("--config", file(FILE).toString());

    assertThat(config.server()).isEqualTo(URI.create("http://stepwise.internal:8080"));
    assertThat(config.concurrency()).isEqualTo(3);
    assertThat(config.resources()).containsExactly("arn:aws:states:::http:invoke", "greet");
    assertThat(config.heartbeatFor("greet")).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.heartbeatFor("other")).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.connections().get("billing"))
        .isInstanceOfSatisfying(
            Connection.Basic.class, basic -> assertThat(basic.password().value()).isEqualTo("pw"));
    assertThat(config.connections().get("erp"))
        .isInstanceOfSatisfying(
            Connection.OAuthClientCredentials.class,
            oauth -> {
              assertThat(oauth.clientSecret().value()).isEqualTo("es");
              assertThat(oauth.httpMethod()).isEqualTo("POST");
              assertThat(oauth.hosts().permits(URI.create("https://erp.example.com:8443/x")))
                  .isTrue();
              assertThat(oauth.hosts().permits(URI.create("http://10.0.0.5:9000/x"))).isTrue();
              assertThat(oauth.hosts().permits(URI.create("https://erp.example.com/x"))).isFalse();
            });
    assertThat(config.toString()).doesNotContain("=pw", "sk]", "=es");
  }

  @Test
  void commandLineBeatsEnvironmentBeatsFile() throws Exception {
    Path path = file(FILE);
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("STEPWISE_SERVER", "http://from-env:8080");

    WorkerConfig fromEnv = new WorkerConfigReader(env::get).read("--config", path.toString());
    WorkerConfig fromArgs =
        new WorkerConfigReader(env::get)
            .read(
                "--config",
                path.toString(),
                "--server",
                "http://127.0.0.1:9999",
                "--concurrency=7",
                "--resources",
                "a, b");

    assertThat(fromEnv.server()).isEqualTo(URI.create("http://from-env:8080"));
    assertThat(fromArgs.server()).isEqualTo(URI.create("http://127.0.0.1:9999"));
    assertThat(fromArgs.concurrency()).isEqualTo(7);
    assertThat(fromArgs.resources()).containsExactly("a", "b");
  }

  @Test
  void defaultsWithoutAFile() throws Exception {
    WorkerConfig config = new WorkerConfigReader(name -> null).read();

    assertThat(config.server()).isEqualTo(WorkerConfig.DEFAULT_SERVER);
    assertThat(config.resources()).isEmpty();
    assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.region()).isEqualTo("us-east-1");
    assertThat(config.concurrency()).isEqualTo(4 * Runtime.getRuntime().availableProcessors());
  }

  @Test
  void aMissingSecretVariableIsAnErrorNamingTheVariableNotAValue() throws Exception {
    Path path = file(FILE);
    assertThatThrownBy(() -> new WorkerConfigReader(name -> null).read("--config", path.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BILLING_PASSWORD");
  }

  @Test
  void unknownOptionsAreRefused() {
    assertThatThrownBy(() -> new WorkerConfigReader(name -> null).read("--shell", "rm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--shell");
  }
}
