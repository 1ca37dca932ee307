package io.stepwise.engine.port;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Task token secrets of 128 bits drawn from the platform's strong random source. */
final class SecureTaskTokens implements TaskTokens {
  static final SecureTaskTokens INSTANCE = new SecureTaskTokens();

  private static final int SECRET_BYTES = 16;
  private final SecureRandom random = new SecureRandom();

  private SecureTaskTokens() {}

  @Override
  public String newSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }
}
