package io.stepwise.worker.poll;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.worker.TaskHandler;
import io.stepwise.worker.config.WorkerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A worker: one long-poll loop per resource it serves, a bounded pool of task threads, heartbeats
 * and reports, all through the public Step Functions API.
 *
 * <p>Guarantees: at most {@code concurrency} tasks run at once and a poll is only made when a slot
 * is free; a task token is never run twice at once; after {@link #shutdown()} no poll is made,
 * running tasks get the grace period to finish, and those still running after it are failed with
 * {@code Worker.Shutdown} so that the state's Retry or Catch can act at once instead of waiting for
 * a heartbeat timeout.
 */
public final class Worker {

  /** The error of a task the worker gave up because it was shutting down. */
  public static final String ERROR_SHUTDOWN = "Worker.Shutdown";

  private static final Logger LOG = Logger.getLogger(Worker.class.getName());

  /** Reports are retried this many times while the server is unreachable. */
  private static final int REPORT_ATTEMPTS = 8;

  private final WorkerConfig config;
  private final HandlerRoutes routes;
  private final SfnClient pollClient;
  private final SfnClient reportClient;
  private final Reporter reporter;
  private final Semaphore slots;
  private final ExecutorService taskThreads;
  private final ScheduledThreadPoolExecutor heartbeats;
  private final Map<String, TaskRun> inFlight = new ConcurrentHashMap<>();
  private final List<Thread> pollers = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();
  private volatile boolean polling;

  /**
   * Creates a worker; {@link #start()} begins polling.
   *
   * @param config the settings; every resource in it must have a handler in {@code routes}
   * @param routes the handlers
   * @param pollClient the client for GetActivityTask (closed by {@link #shutdown()} to abort long
   *     polls)
   * @param reportClient the client for heartbeats and reports (closed last)
   * @throws IllegalArgumentException when no resource is configured or one has no handler
   */
  public Worker(
      WorkerConfig config, HandlerRoutes routes, SfnClient pollClient, SfnClient reportClient) {
    if (config.resources().isEmpty()) {
      throw new IllegalArgumentException(
          "the worker serves no resource: pass --resources or add a handler");
    }
    for (String resource : config.resources()) {
      if (routes.forResource(resource).isEmpty()) {
        throw new IllegalArgumentException(
            "no handler for resource '" + resource + "' (handlers: " + routes.names() + ")");
      }
    }
    this.config = config;
    this.routes = routes;
    this.pollClient = pollClient;
    this.reportClient = reportClient;
    this.reporter =
        new Reporter(reportClient, config.backoffInitial(), config.backoffMax(), REPORT_ATTEMPTS);
    this.slots = new Semaphore(config.concurrency(), true);
    this.taskThreads = Executors.newFixedThreadPool(config.concurrency(), daemon("stepwise-task-"));
    this.heartbeats = new ScheduledThreadPoolExecutor(2, daemon("stepwise-heartbeat-"));
    this.heartbeats.setRemoveOnCancelPolicy(true);
  }

  /** Starts one polling thread per resource. */
  public synchronized void start() {
    if (polling || shutdownStarted.get()) {
      throw new IllegalStateException("the worker was already started");
    }
    polling = true;
    if (config.concurrency() < config.resources().size()) {
      LOG.warning(
          "worker.concurrency.low concurrency="
              + config.concurrency()
              + " resources="
              + config.resources().size()
              + " note=each waiting long poll holds a slot, so some resources wait their turn");
    }
    ThreadFactory threads = daemon("stepwise-poll-");
    for (String resource : config.resources()) {
      for (int i = 0; i < pollersPerResource(); i++) {
        Thread thread =
            threads.newThread(
                new Poller(
                    resource, this, pollClient, config.backoffInitial(), config.backoffMax()));
        pollers.add(thread);
        thread.start();
      }
    }
    LOG.info(
        "worker.started server="
            + config.server()
            + " name="
            + config.workerName()
            + " concurrency="
            + config.concurrency()
            + " resources="
            + config.resources());
  }

  /**
   * Stops polling, lets running tasks finish within the grace period, fails those still running
   * with {@link #ERROR_SHUTDOWN}, and closes the clients. Safe to call more than once and from a
   * shutdown hook; blocks until done.
   */
  public void shutdown() {
    if (!shutdownStarted.compareAndSet(false, true)) {
      awaitStoppedUninterruptibly();
      return;
    }
    polling = false;
    stopping.countDown();
    Duration grace = config.shutdownGrace();
    LOG.info(() -> "worker.stopping running=" + inFlight.size() + " graceMs=" + grace.toMillis());
    // Closing the poll client closes its connections, which ends the long polls in flight.
    pollClient.close();
    pollers.forEach(Thread::interrupt);
    taskThreads.shutdown();
    try {
      if (!taskThreads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        for (TaskRun run : inFlight.values()) {
          if (run.takeBack()) {
            reporter.fail(
                run.task(),
                ERROR_SHUTDOWN,
                "The worker shut down before the task finished (grace period "
                    + grace.toSeconds()
                    + " s).");
          }
        }
      }
      taskThreads.shutdownNow();
      taskThreads.awaitTermination(5, TimeUnit.SECONDS);
      for (Thread poller : pollers) {
        poller.join(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      heartbeats.shutdownNow();
      reportClient.close();
      LOG.info("worker.stopped");
      stopped.countDown();
    }
  }

  /** Blocks until {@link #shutdown()} has finished. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /**
   * Long polls kept open per resource: the free slots shared out, so that a busy resource is not
   * limited to one poll round trip at a time. Every poll still holds a slot, so the bound stays.
   */
  public int pollersPerResource() {
    return Math.max(1, config.concurrency() / config.resources().size());
  }

  /** How many tasks are running now. */
  public int running() {
    return inFlight.size();
  }

  boolean isPolling() {
    return polling;
  }

  Semaphore slots() {
    return slots;
  }

  String name() {
    return config.workerName();
  }

  /** Sleeps for {@code delay}, or less when shutdown begins. */
  void pause(Duration delay) {
    try {
      stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs a task a poller received, on a slot the poller already holds.
   *
   * @return whether the task took over the slot (it releases it when done)
   */
  boolean accept(ActivityTask task) {
    if (!polling) {
      // The long poll answered just as shutdown began: hand the task straight back.
      reporter.fail(
          task, ERROR_SHUTDOWN, "The worker was shutting down when it received the task.");
      return false;
    }
    TaskHandler handler = routes.forResource(task.resource()).orElseThrow();
    TaskRun run =
        new TaskRun(
            task,
            handler,
            reportClient,
            reporter,
            heartbeats,
            config.heartbeatFor(task.resource()),
            json);
    if (inFlight.putIfAbsent(task.token(), run) != null) {
      LOG.warning(
          () -> "task.duplicate resource=" + task.resource() + " token=" + task.fingerprint());
      return false;
    }
    try {
      taskThreads.execute(
          () -> {
            try {
              run.run();
            } finally {
              inFlight.remove(task.token(), run);
              slots.release();
            }
          });
      return true;
    } catch (RejectedExecutionException e) {
      inFlight.remove(task.token(), run);
      reporter.fail(
          task, ERROR_SHUTDOWN, "The worker was shutting down when it received the task.");
      return false;
    }
  }

  private void awaitStoppedUninterruptibly() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
