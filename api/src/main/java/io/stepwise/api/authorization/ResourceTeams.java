package io.stepwise.api.authorization;

import io.quarkus.scheduler.Scheduled;
import io.stepwise.api.authorization.store.ResourceTeamTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Which team owns each state machine and activity ({@code resource_teams}, {@link
 * ResourceTeamTable}), kept in memory so that checks on the event loop (SSE streams, pages) never
 * wait for the database; reloaded every 15 s for changes made on other nodes.
 */
@ApplicationScoped
public class ResourceTeams {
  private static final Logger LOG = Logger.getLogger(ResourceTeams.class);
  private final ResourceTeamTable table;
  private volatile Map<String, String> teams = new ConcurrentHashMap<>();
  // A reload must not replace the memory with a read that missed a change made here meanwhile:
  // it is skipped while a change is being written or when one was made since it began reading.
  private long changes;
  private int writing;

  public ResourceTeams(ResourceTeamTable table) {
    this.table = table;
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
    change(() -> teams.put(ownerArn, team), () -> table.put(ownerArn, team, by));
  }

  public void forget(String ownerArn) {
    change(() -> teams.remove(ownerArn), () -> table.delete(ownerArn));
  }

  private void change(Runnable inMemory, Runnable inTable) {
    synchronized (this) {
      inMemory.run();
      changes++;
      writing++;
    }
    try {
      inTable.run();
    } finally {
      synchronized (this) {
        writing--;
        changes++;
      }
    }
  }

  // On a worker thread of the scheduler, which may wait for the database.
  @Scheduled(every = "15s", delay = 0, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reload() {
    try {
      reloadNow();
    } catch (RuntimeException e) {
      LOG.debugf("resource_teams not loaded yet: %s", e.getMessage());
    }
  }

  /**
   * Loads the table now (used at start-up and by tests); skipped when this node is changing it, as
   * the next reload will not be.
   */
  public void reloadNow() {
    long before;
    synchronized (this) {
      if (writing > 0) return;
      before = changes;
    }
    Map<String, String> fresh = new ConcurrentHashMap<>(table.all());
    synchronized (this) {
      if (changes == before) teams = fresh;
    }
  }
}
