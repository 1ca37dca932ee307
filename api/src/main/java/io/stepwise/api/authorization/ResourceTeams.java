package io.stepwise.api.authorization;

import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Which team owns each state machine and activity ({@code resource_teams}), kept in memory so that
 * checks on the event loop (SSE streams, pages) never wait for the database; reloaded every 15 s
 * for changes made on other nodes.
 */
@ApplicationScoped
public class ResourceTeams {
  private static final Logger LOG = Logger.getLogger(ResourceTeams.class);
  private final Pool pool;
  private volatile Map<String, String> teams = new ConcurrentHashMap<>();

  public ResourceTeams(Pool pool) {
    this.pool = pool;
  }

  /** The owning team of a state machine or activity ARN. */
  public Optional<String> of(String ownerArn) {
    return Optional.ofNullable(teams.get(ownerArn));
  }

  /** The state machines and activities the teams own. */
  public Set<String> ownedBy(Set<String> owners) {
    Set<String> out = new HashSet<>();
    teams.forEach(
        (arn, team) -> {
          if (owners.contains(team)) out.add(arn);
        });
    return out;
  }

  /** Records the owner of a newly created resource (replacing an older row of a deleted one). */
  public void assign(String ownerArn, String team, String by) {
    teams.put(ownerArn, team);
    pool.preparedQuery(
            "INSERT INTO resource_teams (resource_arn, team, created_by) VALUES ($1, $2, $3)"
                + " ON CONFLICT (resource_arn) DO UPDATE SET team = EXCLUDED.team,"
                + " created_by = EXCLUDED.created_by, created_at = now()")
        .execute(Tuple.of(ownerArn, team, by))
        .await()
        .indefinitely();
  }

  public void forget(String ownerArn) {
    teams.remove(ownerArn);
    pool.preparedQuery("DELETE FROM resource_teams WHERE resource_arn = $1")
        .execute(Tuple.of(ownerArn))
        .await()
        .indefinitely();
  }

  @Scheduled(every = "15s", delay = 0, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reload() {
    pool.query("SELECT resource_arn, team FROM resource_teams")
        .execute()
        .subscribe()
        .with(
            rows -> {
              Map<String, String> fresh = new ConcurrentHashMap<>();
              for (Row row : rows) fresh.put(row.getString(0), row.getString(1));
              teams = fresh;
            },
            e -> LOG.debugf("resource_teams not loaded yet: %s", e.getMessage()));
  }

  /** Loads the table now; used at start-up and by tests. */
  public void reloadNow() {
    Map<String, String> fresh = new ConcurrentHashMap<>();
    for (Row row :
        pool.query("SELECT resource_arn, team FROM resource_teams")
            .execute()
            .await()
            .indefinitely()) {
      fresh.put(row.getString(0), row.getString(1));
    }
    teams = fresh;
  }
}
