package io.stepwise.api.security;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Security on, single sign-on through the suite's Keycloak (or off, when it could not start). */
public class SsoProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(KeycloakResource.class));
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "stepwise.security.enabled", "true",
        "stepwise.data", "target/security-sso-data",
        "quarkus.oidc.token-state-manager.encryption-secret",
            "a-test-only-session-secret-of-at-least-32-characters");
  }

  /** Hands Quarkus OIDC the Keycloak that {@link KeycloakServer} started. */
  public static class KeycloakResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      Map<String, String> config = new HashMap<>();
      if (KeycloakServer.url() == null) {
        config.put("quarkus.oidc.tenant-enabled", "false");
        return config;
      }
      config.put("quarkus.oidc.tenant-enabled", "true");
      config.put("quarkus.oidc.auth-server-url", KeycloakServer.issuer());
      config.put("quarkus.oidc.client-id", KeycloakServer.CLIENT);
      config.put("quarkus.oidc.credentials.secret", KeycloakServer.SECRET);
      return config;
    }

    @Override
    public void stop() {
      // Keycloak lives for the whole test JVM (one start per suite); a shutdown hook stops it.
    }
  }
}
