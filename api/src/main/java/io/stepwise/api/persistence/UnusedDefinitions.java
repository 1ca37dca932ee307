package io.stepwise.api.persistence;

import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Forgets stored definitions ({@code definitions}, V162) that nothing uses any more: no execution
 * runs them (retention deleted the last one) and no state machine or version has them as its
 * definition (so the next start of a machine does not have to store its definition again).
 *
 * <p>A start that runs a definition being forgotten must not lose the race: its statement locks the
 * stored definition it finds ({@code FOR KEY SHARE} in {@code runtime.StepWriter}), so it either
 * holds the row first (and this job skips it: {@code SKIP LOCKED}) or waits for this job's commit,
 * finds the row gone and stores the definition again. The job checks for executions a second time
 * after its lock is held, in a statement that sees every start committed before (the first
 * statement's snapshot may predate a start that committed before the lock was taken).
 */
@ApplicationScoped
public class UnusedDefinitions {
  private final Database db;

  public UnusedDefinitions(Database db) {
    this.db = db;
  }

  /** Deletes at most {@code size} unused definitions in one transaction; returns how many. */
  public int deleteBatch(int size) {
    return db.inTransaction(sql -> deleteBatch(sql, size));
  }

  /** The batch in the caller's transaction (tests hold it open to race a start). */
  public static int deleteBatch(Database.Sql sql, int size) {
    List<Long> locked = new ArrayList<>();
    for (Row row :
        sql.query(
            // The definitions machines and versions have, once (their tables keep the text).
            "WITH live AS MATERIALIZED (SELECT sha256(convert_to(definition, 'UTF8')) AS digest"
                + " FROM state_machines UNION SELECT sha256(convert_to(definition, 'UTF8'))"
                + " FROM state_machine_versions)"
                + " SELECT d.id FROM definitions d"
                + " WHERE NOT EXISTS (SELECT 1 FROM executions e WHERE e.definition_id = d.id)"
                + " AND NOT EXISTS (SELECT 1 FROM live WHERE live.digest = d.digest)"
                + " ORDER BY d.id LIMIT $1 FOR UPDATE OF d SKIP LOCKED",
            size)) {
      locked.add(row.getLong("id"));
    }
    if (locked.isEmpty()) return 0;
    return sql.query(
            "DELETE FROM definitions d WHERE d.id = ANY($1)"
                + " AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.definition_id = d.id)",
            (Object) locked.toArray(Long[]::new))
        .rowCount();
  }
}
