package io.stepwise.api.authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A configured server key is base64 of 32 bytes, or one line says which setting is wrong. */
class ServerKeyTest {
  @Test
  void aPlaceholderOrShortKeyIsRefusedNamingTheSetting() {
    for (String bad : new String[] {"change-me-to-32-random-bytes-base64", "c2hvcnQ=", ""}) {
      assertThatThrownBy(() -> ServerKey.decode(bad, "STEPWISE_SECURITY_SERVER_KEY"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "STEPWISE_SECURITY_SERVER_KEY must be base64 of 32 random bytes (make one with:"
                  + " openssl rand -base64 32)");
    }
  }

  @Test
  void base64Of32BytesIsTheKey() {
    byte[] key = new byte[32];
    key[0] = 7;
    assertThat(ServerKey.decode(Base64.getEncoder().encodeToString(key) + "\n", "x"))
        .isEqualTo(key);
  }
}
