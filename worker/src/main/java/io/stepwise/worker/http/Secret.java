package io.stepwise.worker.http;

import java.util.Objects;

/**
 * A secret value (password, API key, token, client secret) that never shows itself in {@code
 * toString}, so a logged record or exception cannot leak it.
 */
public record Secret(String value) {

  /** Wraps a secret value. */
  public Secret {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "Secret[****]";
  }
}
