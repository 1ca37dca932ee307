package io.stepwise.api.ops;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stepwise.api.persistence.DatabaseOutage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The one owner of the node's background loops ({@link NodeLoop} beans): a virtual thread each,
 * started at boot and interrupted at shutdown. Nothing a pass throws ends its loop, since every
 * execution of the node depends on it: the failure is logged (one line during a database outage)
 * and the loop pauses, then goes on. A loop's per-execution work guards itself with {@link
 * ExecutionWork}, so one poisoned execution does not even cost a pass.
 */
@ApplicationScoped
public class BackgroundLoops {
  private static final Logger LOG = Logger.getLogger(BackgroundLoops.class);

  private final Instance<NodeLoop> loops;
  private final List<Thread> threads = new ArrayList<>();
  // Held by a loop for each pass; fair, so a pause waiting for it comes before the next pass.
  private final Map<String, ReentrantLock> passes = new ConcurrentHashMap<>();
  private volatile boolean running;

  public BackgroundLoops(Instance<NodeLoop> loops) {
    this.loops = loops;
  }

  void onStart(@Observes StartupEvent event) {
    running = true;
    synchronized (threads) {
      for (NodeLoop loop : loops) {
        threads.add(Thread.ofVirtual().name(loop.name()).start(() -> run(loop)));
      }
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    synchronized (threads) {
      threads.forEach(Thread::interrupt);
    }
  }

  /**
   * Runs {@code work} while {@code loop} makes no pass: waits for the pass under way to end (its
   * wait included), and the loop's next pass waits until {@code work} returns. For tests that set
   * up rows the loop would otherwise take at once.
   */
  public void whilePaused(NodeLoop loop, Runnable work) {
    ReentrantLock pass = passOf(loop);
    pass.lock();
    try {
      work.run();
    } finally {
      pass.unlock();
    }
  }

  private ReentrantLock passOf(NodeLoop loop) {
    return passes.computeIfAbsent(loop.name(), name -> new ReentrantLock(true));
  }

  private void run(NodeLoop loop) {
    ReentrantLock pass = passOf(loop);
    try {
      loop.beforeFirstPass();
    } catch (InterruptedException e) {
      return;
    } catch (Throwable e) {
      if (running) DatabaseOutage.warn(LOG, loop.name() + ": its start-up work failed", e);
    }
    while (running) {
      try {
        pass.lockInterruptibly();
        try {
          loop.pass();
        } finally {
          pass.unlock();
        }
      } catch (InterruptedException e) {
        // Shutdown; anything else that interrupts a pass only cuts its wait short.
        Thread.interrupted();
      } catch (Throwable e) {
        if (!running) return;
        DatabaseOutage.warn(LOG, loop.name() + " failed; trying again", e);
        pause(loop.afterFailure());
      }
    }
  }

  private void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.interrupted();
    }
  }
}
