package io.stepwise.api.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.arn.Arn;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.notification.store.PgSubscriptions;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns the outbox's status-change events into deliveries: each event becomes one delivery per
 * subscription that may see its execution (the subscription's team owns the execution's machine, or
 * the subscription is an admin's) and whose pattern matches it, in the same transaction that
 * deletes the event. Rows are taken with {@code FOR UPDATE SKIP LOCKED}, so servers sharing the
 * database share the work and no event is dispatched twice.
 */
@ApplicationScoped
public class OutboxDispatcher {
  private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);
  static final int BATCH = 200;

  private final Database db;
  private final PgSubscriptions subscriptions;
  private final Authorizer authorizer;

  public OutboxDispatcher(Database db, PgSubscriptions subscriptions, Authorizer authorizer) {
    this.db = db;
    this.subscriptions = subscriptions;
    this.authorizer = authorizer;
  }

  /** Dispatches one batch of events; how many it took. */
  int dispatchBatch() {
    List<Compiled> subs = compiled();
    return db.inTransaction(
        sql -> {
          int n = 0;
          for (Row row :
              sql.query(
                  "SELECT id, execution_arn, state_machine_arn, event FROM notification_outbox"
                      + " ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
                  BATCH)) {
            n++;
            JsonNode event = parse(row.getString("event"));
            Optional<String> team =
                Arn.parse(row.getString("state_machine_arn")).flatMap(authorizer::teamOf);
            for (Compiled c : subs) {
              Subscription s = c.subscription();
              boolean maySee = s.team() == null || team.map(s.team()::equals).orElse(false);
              if (!maySee || event == null || !c.pattern().matches(event)) continue;
              sql.send(
                  "INSERT INTO notification_deliveries (subscription_id, execution_arn, event_id,"
                      + " event, state) VALUES ($1, $2, $3, $4, 'PENDING')",
                  s.id(),
                  row.getString("execution_arn"),
                  event.path("id").asText(),
                  row.getString("event"));
            }
            sql.send("DELETE FROM notification_outbox WHERE id = $1", row.getLong("id"));
          }
          return n;
        });
  }

  private record Compiled(Subscription subscription, EventPattern pattern) {}

  private List<Compiled> compiled() {
    List<Compiled> out = new ArrayList<>();
    for (Subscription s : subscriptions.all()) {
      try {
        out.add(new Compiled(s, EventPattern.compile(Json.parse(s.eventPattern()))));
      } catch (Exception e) {
        // Checked when it was made; a pattern that no longer compiles matches nothing.
        LOG.warnf("subscription %s: its pattern does not compile: %s", s.id(), e.getMessage());
      }
    }
    return out;
  }

  private static JsonNode parse(String event) {
    try {
      return Json.parse(event);
    } catch (Exception e) {
      return null;
    }
  }
}
