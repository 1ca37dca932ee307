package io.stepwise.api.authentication;

import io.quarkus.scheduler.Scheduled;
import io.stepwise.api.authentication.store.SignOutTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * When each local user last signed out, shared by every server through PostgreSQL ({@code
 * session_sign_outs}, {@link SignOutTable}): their session cookies issued before are refused on
 * every node, and after a restart. Requests read the copy in memory (page filters must not block:
 * SSE streams run them on the event loop); each node re-reads the table every {@code
 * stepwise.security.sign-out-sync-interval}, so a sign-out reaches the other nodes within it.
 */
@ApplicationScoped
public class SignOuts {
  private static final Logger LOG = Logger.getLogger(SignOuts.class);
  private final Map<String, Long> signedOutAt = new ConcurrentHashMap<>();
  private final SignOutTable table;
  private final SecurityConfig config;
  private volatile boolean failing;

  public SignOuts(SignOutTable table, SecurityConfig config) {
    this.table = table;
    this.config = config;
  }

  /** Records that {@code user} signed out at {@code at}, here and for every other node. */
  void record(String user, Instant at) {
    signedOutAt.merge(user, at.toEpochMilli(), Math::max);
    table.record(user, at);
  }

  /** When {@code user} last signed out (epoch milliseconds), or -1. */
  long lastOf(String user) {
    return signedOutAt.getOrDefault(user, -1L);
  }

  /** Takes in the sign-outs other nodes recorded; runs on a worker thread of the scheduler. */
  @Scheduled(
      every = "${stepwise.security.sign-out-sync-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sync() {
    if (!config.enabled()) return;
    try {
      table.all().forEach((user, at) -> signedOutAt.merge(user, at.toEpochMilli(), Math::max));
      if (failing) LOG.info("sign-outs readable again");
      failing = false;
    } catch (RuntimeException e) {
      // Readiness shows a database outage; one line per outage is enough here.
      if (!failing) LOG.warnf("sign-outs of other nodes not readable: %s", e.getMessage());
      failing = true;
    }
  }
}
