package io.stepwise.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.worker.config.WorkerConfig;
import io.stepwise.worker.poll.HandlerRoutes;
import io.stepwise.worker.poll.SfnClients;
import io.stepwise.worker.poll.Worker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A load driver, not a test: task round trips per second (GetActivityTask, SendTaskSuccess, the
 * server's step) through one running server with 1, 2 and 4 workers. Each round queues {@code
 * --tasks} one-Task executions first, then starts the workers and times until all have succeeded.
 *
 * <pre>
 * java -cp worker/target/test-classes:worker/target/classes:'worker/target/lib/*' \
 *   io.stepwise.worker.RoundTripBenchmark --server http://127.0.0.1:8080 --tasks 3000 --workers 1,2,4
 * </pre>
 *
 * <p>An uncounted warm-up round ({@code --warmup} tasks, 10,000 by default, 0 for none) comes
 * first: on two cores the server's JIT needs about that many round trips before its CPU per task
 * settles. Each round prints the worker process's CPU time per round trip besides the rate, and the
 * rate between its 10th and 90th percent of tasks (without the workers' start and the round's
 * tail).
 */
public final class RoundTripBenchmark {

  /** Held so the level set on it is not lost when the JDK drops an unreferenced logger. */
  private static final java.util.logging.Logger WORKER_LOGS =
      java.util.logging.Logger.getLogger("io.stepwise.worker");

  private RoundTripBenchmark() {}

  public static void main(String[] args) throws Exception {
    URI server = URI.create("http://localhost:8080");
    int tasks = 200;
    int concurrency = 8;
    int warmup = 10_000;
    boolean activities = false;
    List<Integer> workerCounts = List.of(1, 2, 4);
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--server" -> server = URI.create(args[i + 1]);
        case "--tasks" -> tasks = Integer.parseInt(args[i + 1]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--activities" -> activities = Boolean.parseBoolean(args[i + 1]);
        case "--workers" ->
            workerCounts =
                java.util.Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    java.util.logging.Logger.getLogger("io.stepwise.worker")
        .setLevel(java.util.logging.Level.WARNING);
    // The worker's own credential chain: a server with security on (the default) needs a real key,
    // e.g. AWS_SHARED_CREDENTIALS_FILE=<data>/security/credentials; without one a dummy key is
    // used.
    var credentials = SfnClients.credentials(server);
    try (SfnClient sfn =
        SfnClient.builder()
            .endpointOverride(server)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .build()) {
      System.out.printf(
          "server=%s tasks=%d concurrency/worker=%d warmup=%d activities=%s%n",
          server, tasks, concurrency, warmup, activities);
      if (warmup > 0) {
        // Servers and workers run for hours: the JIT compiling their first seconds (and this
        // process's SDK code) is not what is measured. One uncounted round warms both.
        System.out.print("warm-up: ");
        round(sfn, server, credentials, warmup, workerCounts.getLast(), concurrency, activities);
      }
      for (int workers : workerCounts) {
        round(sfn, server, credentials, tasks, workers, concurrency, activities);
      }
    }
  }

  private static void round(
      SfnClient sfn,
      URI server,
      software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials,
      int tasks,
      int workers,
      int concurrency,
      boolean activities)
      throws Exception {
    String function = "bench-echo-" + System.nanoTime();
    String resource =
        activities
            ? sfn.createActivity(b -> b.name(function)).activityArn()
            : "arn:aws:lambda:us-east-1:123456789012:function:" + function;
    String machine =
        sfn.createStateMachine(
                b ->
                    b.name(function)
                        .roleArn("arn:aws:iam::123456789012:role/bench")
                        .definition(
                            "{\"StartAt\":\"Echo\",\"States\":{\"Echo\":{\"Type\":\"Task\",\"Resource\":\""
                                + resource
                                + "\",\"End\":true}}}"))
            .stateMachineArn();
    for (int i = 0; i < tasks; i++) {
      int n = i;
      sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"n\":" + n + "}"));
    }
    java.util.concurrent.atomic.AtomicInteger handled =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicLong tenth = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong ninetieth = new java.util.concurrent.atomic.AtomicLong();
    TaskHandler echo =
        new TaskHandler() {
          @Override
          public String name() {
            return function;
          }

          @Override
          public JsonNode handle(JsonNode input) {
            int h = handled.incrementAndGet();
            if (h == tasks / 10) tenth.set(System.nanoTime());
            if (h == tasks - tasks / 10) ninetieth.set(System.nanoTime());
            return input;
          }
        };
    WorkerConfig config =
        new WorkerConfig(
            server,
            "us-east-1",
            "bench",
            concurrency,
            List.of(resource),
            Duration.ofSeconds(20),
            Map.of(),
            Duration.ofSeconds(5),
            Duration.ofMillis(200),
            Duration.ofSeconds(5),
            Map.of());
    List<Worker> running = new ArrayList<>();
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long fromEpochMs = System.currentTimeMillis();
    long started = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      Worker worker =
          new Worker(
              config,
              new HandlerRoutes(List.of(echo)),
              SfnClients.forPolling(server, "us-east-1", credentials, concurrency),
              SfnClients.forReporting(server, "us-east-1", credentials, concurrency));
      worker.start();
      running.add(worker);
    }
    // Watching the handler's count costs the server nothing; only the last few executions are then
    // looked up (listing thousands of finished ones every few milliseconds would load the server).
    boolean gaveUp = false;
    while (handled.get() < tasks && !(gaveUp = overFiveMinutes(started))) Thread.sleep(5);
    while (!gaveUp && count(sfn, machine, ExecutionStatus.RUNNING) > 0) {
      Thread.sleep(5);
      gaveUp = overFiveMinutes(started);
    }
    if (gaveUp) System.out.println("gave up after 5 minutes");
    double seconds = (System.nanoTime() - started) / 1e9;
    long toEpochMs = System.currentTimeMillis();
    long cpu = os.getProcessCpuTime() - cpuBefore;
    int succeeded = count(sfn, machine, ExecutionStatus.SUCCEEDED);
    running.forEach(Worker::shutdown);
    System.out.printf(
        "workers=%d tasks=%d seconds=%.2f roundTripsPerSecond=%.1f workerCpuMsPerRoundTrip=%.3f"
            + " fromEpochMs=%d toEpochMs=%d middle80PercentPerSecond=%.1f%n",
        workers,
        succeeded,
        seconds,
        succeeded / seconds,
        cpu / 1e6 / Math.max(1, succeeded),
        fromEpochMs,
        toEpochMs,
        (tasks - 2 * (tasks / 10)) / ((ninetieth.get() - tenth.get()) / 1e9));
  }

  private static boolean overFiveMinutes(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos).toMinutes() >= 5;
  }

  private static int count(SfnClient sfn, String machine, ExecutionStatus status) {
    int n = 0;
    for (var page :
        sfn.listExecutionsPaginator(
            b -> b.stateMachineArn(machine).statusFilter(status).maxResults(1000))) {
      n += page.executions().size();
    }
    return n;
  }
}
