package io.stepwise.api.persistence;

/** For tests and benchmarks that insert executions rows themselves: a definition's stored id. */
public final class StoredDefinitions {
  private StoredDefinitions() {}

  /** Stores {@code body} once (V162) and returns its id, as a start would. */
  public static long idOf(Database db, String body) {
    db.query(
        "INSERT INTO definitions (digest, body) VALUES (sha256(convert_to($1, 'UTF8')), $1)"
            + " ON CONFLICT (digest) DO NOTHING",
        body);
    return db.query(
            "SELECT id FROM definitions WHERE digest = sha256(convert_to($1, 'UTF8'))", body)
        .iterator()
        .next()
        .getLong("id");
  }
}
