package io.stepwise.api.audit;

import io.stepwise.api.caller.Caller;
import io.stepwise.api.persistence.Database;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The audit log ({@code audit_log}): every change, every refusal and every sign-in, with who, what,
 * when and from where. Writing never blocks the caller (it may run on the event loop) and a failed
 * write is logged, not thrown; entries recorded while a write is in flight are written together
 * with the next one. Secrets never enter it.
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

  /** Entries recorded and not yet sent; the writer sends them in one INSERT per batch. */
  private final ConcurrentLinkedQueue<String[]> pending = new ConcurrentLinkedQueue<>();

  /** Whether an INSERT is in flight: entries recorded meanwhile go with the next one. */
  private final AtomicBoolean writing = new AtomicBoolean();

  private static final int MAX_BATCH = 500;

  public void record(Caller caller, String action, String resource, String outcome, String detail) {
    String actor = caller.name() + " (" + caller.kind().name().toLowerCase() + ")";
    pending.add(
        new String[] {
          actor,
          caller.address(),
          action,
          resource == null ? "" : resource,
          outcome,
          detail == null ? "" : detail
        });
    writeIfIdle();
  }

  /**
   * Sends what has gathered when no INSERT is in flight. An idle server writes an entry at once; a
   * busy one (every API call is audited, a worker's polls and answers too) writes one statement per
   * batch instead of one per call.
   */
  private void writeIfIdle() {
    while (!pending.isEmpty() && writing.compareAndSet(false, true)) {
      List<String[]> batch = new ArrayList<>();
      for (String[] e; batch.size() < MAX_BATCH && (e = pending.poll()) != null; ) batch.add(e);
      if (batch.isEmpty()) {
        writing.set(false);
        continue;
      }
      String[][] columns = new String[6][batch.size()];
      for (int i = 0; i < batch.size(); i++) {
        for (int c = 0; c < 6; c++) columns[c][i] = batch.get(i)[c];
      }
      try {
        pool.preparedQuery(
                "INSERT INTO audit_log (actor, source, action, resource, outcome, detail) SELECT *"
                    + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],"
                    + " $6::text[])")
            .execute(Tuple.from(List.<Object>of((Object[]) columns)))
            .subscribe()
            .with(
                ok -> written(),
                e -> {
                  LOG.warnf("%d audit entries not written: %s", batch.size(), e);
                  written();
                });
      } catch (Throwable e) {
        // Sent nowhere: the writer must not stay "in flight" for every later entry.
        LOG.warnf("%d audit entries not written: %s", batch.size(), e);
        writing.set(false);
        continue;
      }
      return;
    }
  }

  private void written() {
    writing.set(false);
    writeIfIdle();
  }

  /**
   * What the audit page shows: each field narrows when set (actor and resource by a part of them,
   * action and outcome exactly); workers' routine calls are left out unless asked for.
   */
  public record Filter(
      String actor, String action, String resource, String outcome, boolean routine) {
    /** The calls a worker makes all day long: polls, heartbeats, answers. */
    static final List<String> ROUTINE =
        List.of("GetActivityTask", "SendTaskHeartbeat", "SendTaskSuccess", "SendTaskFailure");
  }

  /** A page of entries matching the filter, newest first, older than entry {@code beforeId}. */
  public List<Entry> page(Filter f, Long beforeId, int limit) {
    List<Entry> out = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(
                "SELECT id, at, actor, source, action, resource, outcome, detail FROM audit_log"
                    + " WHERE ($1::text IS NULL OR actor ILIKE '%' || $1 || '%' ESCAPE '\\')"
                    + " AND ($2::text IS NULL OR action = $2)"
                    + " AND ($3::text IS NULL OR resource ILIKE '%' || $3 || '%' ESCAPE '\\')"
                    + " AND ($4::text IS NULL OR outcome = $4)"
                    + " AND ($5 OR action <> ALL($6::text[]))"
                    + " AND ($7::bigint IS NULL OR id < $7)"
                    + " ORDER BY id DESC LIMIT $8")
            .execute(
                Tuple.from(
                    java.util.Arrays.asList(
                        like(f.actor()),
                        blank(f.action()),
                        like(f.resource()),
                        blank(f.outcome()),
                        f.routine(),
                        Filter.ROUTINE.toArray(String[]::new),
                        beforeId,
                        limit)))
            .await()
            .indefinitely()) {
      out.add(entry(row));
    }
    return out;
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** A part to look for: LIKE's own wildcards in it are taken literally. */
  private static String like(String s) {
    String v = blank(s);
    return v == null ? null : Database.likeLiteral(v);
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
      out.add(entry(row));
    }
    return out;
  }

  private static Entry entry(Row row) {
    return new Entry(
        row.getLong("id"),
        row.getOffsetDateTime("at").toInstant(),
        row.getString("actor"),
        row.getString("source"),
        row.getString("action"),
        row.getString("resource"),
        row.getString("outcome"),
        row.getString("detail"));
  }
}
