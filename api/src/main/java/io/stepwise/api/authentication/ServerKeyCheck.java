package io.stepwise.api.authentication;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.stepwise.api.persistence.Database;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Optional;

/**
 * Refuses to start a server whose server key differs from the one the other servers on its database
 * use: their access-key secrets would not open here (every signed call a 500) and their sessions
 * would not verify. The first server records a check value of its key ({@code server_key_check}); a
 * database from before that record is judged by whether its stored access-key secrets open. The
 * refusal is one line, printed by Quarkus without a stack trace.
 */
@ApplicationScoped
public class ServerKeyCheck {
  static final String REFUSAL =
      "This server's key differs from the one the other servers on this database use, so their"
          + " access keys and sessions would not open here: set STEPWISE_SECURITY_SERVER_KEY (or"
          + " STEPWISE_SECURITY_SERVER_KEY_FILE) to the same value on every node (deploy/README.md,"
          + " \"Several servers\").";

  /** Runs before the scheduler starts its jobs (priority 0), so a refused start runs nothing. */
  void onStart(
      @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event,
      SecurityConfig config,
      ServerKey key,
      Database db) {
    if (!config.enabled()) return;
    String mine = key.checkValue();
    Optional<String> recorded = recorded(db);
    if (recorded.isEmpty()) {
      if (!opensTheStoredSecrets(db, key)) throw new ConfigurationException(REFUSAL);
      db.query(
          "INSERT INTO server_key_check (check_value) VALUES ($1) ON CONFLICT DO NOTHING", mine);
      recorded = recorded(db);
    }
    if (!recorded.orElseThrow().equals(mine)) throw new ConfigurationException(REFUSAL);
  }

  private static Optional<String> recorded(Database db) {
    for (Row row : db.query("SELECT check_value FROM server_key_check")) {
      return Optional.of(row.getString("check_value"));
    }
    return Optional.empty();
  }

  /** Whether an access-key secret already in the database (if any) opens with this key. */
  private static boolean opensTheStoredSecrets(Database db, ServerKey key) {
    for (Row row : db.query("SELECT access_key_id, secret_enc FROM access_keys LIMIT 1")) {
      try {
        key.open(row.getBuffer("secret_enc").getBytes(), row.getString("access_key_id"));
      } catch (IllegalStateException e) {
        return false;
      }
    }
    return true;
  }
}
