package io.stepwise.api.authentication;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Switches Quarkus OIDC on exactly when it is configured: unless {@code
 * quarkus.oidc.tenant-enabled} is set explicitly, it is true when {@code
 * quarkus.oidc.auth-server-url} (QUARKUS_OIDC_AUTH_SERVER_URL) has a value and false otherwise, so
 * a server without an identity provider runs in the local mode instead of failing to reach one.
 */
@Priority(Priorities.APPLICATION + 100)
public class OidcSwitch implements ConfigSourceInterceptor {
  static final String TENANT_ENABLED = "quarkus.oidc.tenant-enabled";

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    ConfigValue value = context.proceed(name);
    if (!name.equals(TENANT_ENABLED)) return value;
    // Defaults (Quarkus's own "true") have a very low ordinal; anything a person set is above 100.
    if (value != null && value.getConfigSourceOrdinal() > 100) return value;
    ConfigValue url = context.proceed("quarkus.oidc.auth-server-url");
    boolean on = url != null && url.getValue() != null && !url.getValue().isBlank();
    return ConfigValue.builder()
        .withName(name)
        .withValue(Boolean.toString(on))
        .withConfigSourceName(
            "OidcSwitch (quarkus.oidc.auth-server-url " + (on ? "set" : "not set") + ")")
        .withConfigSourceOrdinal(101)
        .build();
  }
}
