package io.stepwise.api.trigger;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which refused hook calls are written to the audit log: the first from an address for one trigger
 * (or for unknown triggers) in each minute, carrying how many more that address had refused since
 * the last row. {@code POST /hooks/{id}} is open to the network, so without this anybody wrote an
 * audit row (and queued it in memory) with every call they could send.
 */
@ApplicationScoped
public class RefusalAudit {
  static final long WINDOW_NANOS = 60_000_000_000L;

  /** More pairs than this and the oldest counts are forgotten: memory stays bounded. */
  private static final int MAX_KEYS = 10_000;

  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** Whether to write this refusal, and how many were left unwritten before it. */
  public record Decision(boolean write, long unwrittenBefore) {}

  /** Counts a refusal from {@code address} of {@code subject} at {@code nanos} (nanoTime). */
  public Decision refused(String address, String subject, long nanos) {
    if (windows.size() > MAX_KEYS) windows.clear();
    Window w = windows.computeIfAbsent(address + " " + subject, k -> new Window());
    synchronized (w) {
      if (w.written && nanos - w.since < WINDOW_NANOS) {
        w.unwritten++;
        return new Decision(false, 0);
      }
      long before = w.unwritten;
      w.written = true;
      w.since = nanos;
      w.unwritten = 0;
      return new Decision(true, before);
    }
  }

  private static final class Window {
    boolean written;
    long since;
    long unwritten;
  }
}
