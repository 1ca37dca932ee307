package io.stepwise.api.security;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The audit log ({@code audit_log}): every change, every refusal and every sign-in, with who, what,
 * when and from where. Writing never blocks the caller (it may run on the event loop) and a failed
 * write is logged, not thrown. Secrets never enter it.
 */
@ApplicationScoped
public class AuditLog {
  private static final Logger LOG = Logger.getLogger(AuditLog.class);
  private final Pool pool;

  /** One entry. {@code outcome} is "allowed", "denied", "ok" or an AWS error name. */
  public record Entry(
      long id,
      Instant at,
      String actor,
      String source,
      String action,
      String resource,
      String outcome,
      String detail) {}

  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  public void record(Caller caller, String action, String resource, String outcome, String detail) {
    String actor = caller.name() + " (" + caller.kind().name().toLowerCase() + ")";
    pool.preparedQuery(
            "INSERT INTO audit_log (actor, source, action, resource, outcome, detail)"
                + " VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(
            Tuple.from(
                List.of(
                    actor,
                    caller.address(),
                    action,
                    resource == null ? "" : resource,
                    outcome,
                    detail == null ? "" : detail)))
        .subscribe()
        .with(ok -> {}, e -> LOG.warnf("audit entry not written (%s %s): %s", actor, action, e));
  }

  /** The newest entries first, at most {@code limit}, optionally only after {@code since}. */
  public List<Entry> newest(int limit, Instant since) {
    List<Entry> out = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(
                "SELECT id, at, actor, source, action, resource, outcome, detail FROM audit_log"
                    + " WHERE at >= $1 ORDER BY id DESC LIMIT $2")
            .execute(
                Tuple.of(
                    OffsetDateTime.ofInstant(
                        since == null ? Instant.EPOCH : since, java.time.ZoneOffset.UTC),
                    limit))
            .await()
            .indefinitely()) {
      out.add(
          new Entry(
              row.getLong("id"),
              row.getOffsetDateTime("at").toInstant(),
              row.getString("actor"),
              row.getString("source"),
              row.getString("action"),
              row.getString("resource"),
              row.getString("outcome"),
              row.getString("detail")));
    }
    return out;
  }
}
