package io.stepwise.engine.outbound;

/**
 * The outbound policy refused a read, write or fetch. The message names what was asked for and why
 * it is out of reach, never a server path and never whether a file exists there.
 */
public final class OutboundRefused extends Exception {
  public OutboundRefused(String message) {
    super(message, null, false, false);
  }
}
