package io.stepwise.api.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stepwise.api.persistence.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * NOTIFY side: after a step commits, its notifications (execution ARN, task resource, timer due
 * time) are queued here and one background thread sends whatever has gathered in a single {@code
 * SELECT pg_notify(...) FROM unnest(...)}, outside any step's transaction. Notifying inside the
 * step transaction was tried first: PostgreSQL then serialises every such commit, WAL flush
 * included, under one global lock (about 25 steps/s with fsync on). A notification lost in a crash
 * costs at most the pollers' one-second fallback.
 */
@ApplicationScoped
public class PgNotifier {
  private static final Logger LOG = Logger.getLogger(PgNotifier.class);

  private record Note(String channel, String payload) {}

  private final Database db;
  private final LinkedBlockingQueue<Note> queue = new LinkedBlockingQueue<>();
  private volatile boolean running;
  private Thread thread;

  public PgNotifier(Database db) {
    this.db = db;
  }

  /** Queues a notification; sent shortly, never before the caller's commit. */
  public void publish(String channel, String payload) {
    queue.add(new Note(channel, payload));
  }

  void onStart(@Observes StartupEvent event) {
    running = true;
    thread = Thread.ofVirtual().name("stepwise-notify").start(this::loop);
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    if (thread != null) thread.interrupt();
  }

  private void loop() {
    while (running) {
      try {
        Note first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) continue;
        Set<Note> batch = new LinkedHashSet<>();
        batch.add(first);
        List<Note> more = new ArrayList<>();
        queue.drainTo(more, 999);
        batch.addAll(more);
        String[] channels = new String[batch.size()];
        String[] payloads = new String[batch.size()];
        int i = 0;
        for (Note n : batch) {
          channels[i] = n.channel();
          payloads[i++] = n.payload();
        }
        // A notifying commit takes PostgreSQL's global notify lock and flushes the WAL; nothing
        // here needs to survive a crash, so it need not wait for the flush while holding it. The
        // setting is local to the statement's own transaction: one statement, no BEGIN/COMMIT.
        db.query(
            "SELECT pg_notify(c, p) FROM (SELECT set_config('synchronous_commit', 'off', true))"
                + " AS local_setting, unnest($1::text[], $2::text[]) AS n(c, p)",
            channels,
            payloads);
      } catch (InterruptedException e) {
        return;
      } catch (Throwable e) {
        if (running) LOG.debug("sending notifications failed; pollers fall back to polling", e);
      }
    }
  }
}
