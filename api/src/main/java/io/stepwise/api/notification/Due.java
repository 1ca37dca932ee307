package io.stepwise.api.notification;

import io.stepwise.api.persistence.Database;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;

/**
 * A delivery this server has claimed (leased) and is about to attempt.
 *
 * @param heldForDigest an e-mail event held back to go out in its subscription's next digest
 */
record Due(
    long id,
    String subscriptionId,
    String event,
    int attempts,
    Instant createdAt,
    boolean heldForDigest) {
  /** The columns {@link #of} reads. */
  static final String COLUMNS = "id, subscription_id, event, attempts, created_at, held_for_digest";

  static Due of(Row row) {
    return new Due(
        row.getLong("id"),
        row.getString("subscription_id"),
        row.getString("event"),
        row.getInteger("attempts"),
        Database.instant(row, "created_at"),
        row.getBoolean("held_for_digest"));
  }
}
