package io.stepwise.engine.port;

/**
 * Where a task token gets its secret part. The runtime supplies it, like the time, so the
 * interpreter stays a pure function of its inputs; it must never be the execution's seeded
 * randomness, which anyone who reads a history can follow through its {@code States.UUID} values.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface TaskTokens {
  /** A fresh secret of at least 128 bits, as lower-case hex. */
  String newSecret();

  /** Secrets of 128 bits from {@link java.security.SecureRandom}: what every runtime uses. */
  static TaskTokens secure() {
    return SecureTaskTokens.INSTANCE;
  }
}
