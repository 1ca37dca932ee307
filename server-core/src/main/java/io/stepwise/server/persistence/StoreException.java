package io.stepwise.server.persistence;

/** A database failure that was not a runtime exception already; the transaction was rolled back. */
public final class StoreException extends RuntimeException {
  StoreException(Throwable cause) {
    super(cause.getMessage(), cause);
  }
}
