package io.stepwise.api.ops;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stepwise.api.persistence.DatabaseOutage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The one owner of the node's background loops ({@link NodeLoop} beans): a virtual thread each,
 * started at boot (those {@link NodeLoop#enabled() enabled}) and interrupted at shutdown. Nothing a
 * pass throws ends its loop, since every execution of the node depends on it: the failure is logged
 * (one line during a database outage) and the loop pauses, then goes on. A loop's per-execution
 * work guards itself with {@link ExecutionWork}, so one poisoned execution does not even cost a
 * pass.
 *
 * <p>Tests that play several nodes on one database run a second instance of a loop with {@link
 * #start} and keep this node's own one still with {@link #pause} and {@link #resume} (or {@link
 * #whilePaused}).
 */
@ApplicationScoped
public class BackgroundLoops {
  private static final Logger LOG = Logger.getLogger(BackgroundLoops.class);

  /** How long stopping a loop waits for its pass under way before interrupting it. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final Instance<NodeLoop> loops;

  /** This node's loops that run, by name. */
  private final Map<String, Running> running = new LinkedHashMap<>();

  public BackgroundLoops(Instance<NodeLoop> loops) {
    this.loops = loops;
  }

  void onStart(@Observes StartupEvent event) {
    for (NodeLoop loop : loops) {
      if (loop.enabled()) resume(loop);
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    List<Running> stopping;
    synchronized (running) {
      stopping = new ArrayList<>(running.values());
      running.clear();
    }
    stopping.forEach(Running::interrupt);
  }

  /**
   * Runs a loop on a virtual thread of its own until {@link Running#stop}: how a test runs the loop
   * of another node beside this node's own.
   */
  public Running start(NodeLoop loop) {
    return new Running(loop);
  }

  /** Stops this node's loop after its pass under way, waiting for it, until {@link #resume}. */
  public void pause(NodeLoop loop) {
    Running paused;
    synchronized (running) {
      paused = running.remove(loop.name());
    }
    if (paused != null) paused.stop();
  }

  /**
   * Runs {@code work} while this node's {@code loop} makes no pass (after the pass under way), then
   * lets the loop go on: for tests that set up rows the loop would otherwise take at once.
   */
  public void whilePaused(NodeLoop loop, Runnable work) {
    pause(loop);
    try {
      work.run();
    } finally {
      resume(loop);
    }
  }

  /** Runs this node's loop again (or for the first time, at boot); nothing if it runs. */
  public void resume(NodeLoop loop) {
    synchronized (running) {
      running.computeIfAbsent(loop.name(), name -> start(loop));
    }
  }

  /** A loop running on its thread. */
  public static final class Running {
    private final NodeLoop loop;
    private final Thread thread;
    private volatile boolean on = true;

    private Running(NodeLoop loop) {
      this.loop = loop;
      this.thread = Thread.ofVirtual().name(loop.name()).start(this::run);
    }

    /**
     * Ends the loop after its pass under way (a pass ends within its wait) and waits for it; a pass
     * that takes longer than 30 seconds is interrupted.
     */
    public void stop() {
      on = false;
      try {
        if (!thread.join(STOP_WAIT)) {
          thread.interrupt();
          thread.join(STOP_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Ends the loop at once (shutdown): a wait under way ends, and so does the loop. */
    private void interrupt() {
      on = false;
      thread.interrupt();
    }

    private void run() {
      try {
        loop.beforeFirstPass();
      } catch (InterruptedException e) {
        return;
      } catch (Throwable e) {
        if (on) DatabaseOutage.warn(LOG, loop.name() + ": its start-up work failed", e);
      }
      while (on) {
        try {
          loop.pass();
        } catch (InterruptedException e) {
          // Shutdown; anything else that interrupts a pass only cuts its wait short.
          Thread.interrupted();
        } catch (Throwable e) {
          if (!on) return;
          DatabaseOutage.warn(LOG, loop.name() + " failed; trying again", e);
          pause(loop.afterFailure());
        }
      }
    }

    private static void pause(Duration duration) {
      try {
        Thread.sleep(duration);
      } catch (InterruptedException e) {
        Thread.interrupted();
      }
    }
  }
}
