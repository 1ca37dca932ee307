package io.stepwise.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * The load driver (a main class, not a test): drives a running Stepwise server through the AWS SDK
 * with the shared bench workloads as durable Standard executions (executions/s, state transitions/s
 * with full history persisted, start-to-finish latency percentiles), order-flow as Express through
 * StartSyncExecution (latency percentiles), and activity task round trips through
 * GetActivityTask/SendTaskSuccess.
 *
 * <pre>
 * java -cp ... io.stepwise.api.bench.LoadBenchmark [endpoint] [workloads dir] [executions] [clients]
 * </pre>
 */
public final class LoadBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE = "arn:aws:iam::123456789012:role/bench";

  private LoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args.length > 0 ? args[0] : "http://localhost:8080");
    Path workloads = Path.of(args.length > 1 ? args[1] : "../../shared/bench/workloads");
    int executions = args.length > 2 ? Integer.parseInt(args[2]) : 400;
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    String only = System.getProperty("bench.only");
    SfnClient sfn = client(endpoint, clients);
    System.out.printf(
        "Stepwise load benchmark: %s, %d executions per workload, %d clients, %d cores%n",
        endpoint, executions, clients, Runtime.getRuntime().availableProcessors());
    List<Path> files;
    try (var s = Files.list(workloads)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path f : files) {
      JsonNode w = JSON.readTree(f.toFile());
      if (only != null && !only.contains(w.get("name").asText())) continue;
      int n =
          w.get("name").asText().equals("order-flow") ? executions : Math.max(20, executions / 10);
      standard(sfn, w, n, clients);
    }
    if (only == null || only.contains("sync")) {
      for (Path f : files) {
        JsonNode w = JSON.readTree(f.toFile());
        if (w.get("name").asText().equals("order-flow")) express(sfn, w, executions * 2, clients);
      }
    }
    if (only == null || only.contains("activity")) {
      for (int workers : new int[] {1, 4, 16})
        activities(sfn, workers, Integer.getInteger("bench.activity.tasks", 2000));
    }
  }

  static SfnClient client(URI endpoint, int clients) {
    return SfnClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .overrideConfiguration(
            c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
        .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(70)))
        .build();
  }

  private static String machine(SfnClient sfn, JsonNode w, StateMachineType type) {
    return sfn.createStateMachine(
            b ->
                b.name(
                        "bench-"
                            + w.get("name").asText()
                            + "-"
                            + UUID.randomUUID().toString().substring(0, 6))
                    .definition(w.get("definition").toString())
                    .roleArn(ROLE)
                    .type(type))
        .stateMachineArn();
  }

  static void standard(SfnClient sfn, JsonNode w, int n, int clients) throws Exception {
    String arn = machine(sfn, w, StateMachineType.STANDARD);
    String input = w.get("input").toString();
    ConcurrentLinkedQueue<String> started = new ConcurrentLinkedQueue<>();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicInteger next = new AtomicInteger();
    for (int c = 0; c < clients; c++) {
      pool.submit(
          () -> {
            while (next.getAndIncrement() < n) {
              started.add(
                  sfn.startExecution(b -> b.stateMachineArn(arn).input(input)).executionArn());
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger bad = new AtomicInteger();
    AtomicLong lastStop = new AtomicLong();
    ExecutorService checkers = Executors.newFixedThreadPool(clients);
    for (String e : started) {
      checkers.submit(
          () -> {
            DescribeExecutionResponse d;
            while ((d = sfn.describeExecution(b -> b.executionArn(e))).status()
                == ExecutionStatus.RUNNING) {
              sleep(20);
            }
            if (d.status() != ExecutionStatus.SUCCEEDED) bad.incrementAndGet();
            latencies.add(Duration.between(d.startDate(), d.stopDate()).toMillis());
            lastStop.accumulateAndGet(d.stopDate().toEpochMilli(), Math::max);
          });
    }
    checkers.shutdown();
    checkers.awaitTermination(1, TimeUnit.HOURS);
    double seconds = (System.nanoTime() - t0) / 1e9;
    int perExecution = w.get("transitionsPerExecution").asInt();
    System.out.printf(
        "STANDARD %-16s %5d executions in %6.2f s: %7.1f executions/s, %8.0f transitions/s;"
            + " latency p50 %d ms, p95 %d ms, p99 %d ms; not succeeded: %d%n",
        w.get("name").asText(),
        n,
        seconds,
        n / seconds,
        (double) n * perExecution / seconds,
        pct(latencies, 50),
        pct(latencies, 95),
        pct(latencies, 99),
        bad.get());
  }

  static void express(SfnClient sfn, JsonNode w, int n, int clients) throws Exception {
    String arn = machine(sfn, w, StateMachineType.EXPRESS);
    String input = w.get("input").toString();
    for (int i = 0; i < 200; i++) sfn.startSyncExecution(b -> b.stateMachineArn(arn).input(input));
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    for (int c = 0; c < clients; c++) {
      pool.submit(
          () -> {
            while (next.getAndIncrement() < n) {
              long s = System.nanoTime();
              sfn.startSyncExecution(b -> b.stateMachineArn(arn).input(input));
              latencies.add((System.nanoTime() - s) / 1_000_000);
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "EXPRESS  %-16s %5d StartSyncExecution in %6.2f s: %7.1f/s; latency p50 %d ms, p95 %d"
            + " ms, p99 %d ms%n",
        w.get("name").asText(),
        n,
        seconds,
        n / seconds,
        pct(latencies, 50),
        pct(latencies, 95),
        pct(latencies, 99));
  }

  static void activities(SfnClient sfn, int workers, int tasks) throws Exception {
    String activity =
        sfn.createActivity(b -> b.name("bench-" + UUID.randomUUID().toString().substring(0, 8)))
            .activityArn();
    String arn =
        sfn.createStateMachine(
                b ->
                    b.name("bench-activity-" + UUID.randomUUID().toString().substring(0, 6))
                        .definition(
                            "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":\""
                                + activity
                                + "\",\"End\":true}}}")
                        .roleArn(ROLE))
            .stateMachineArn();
    ExecutorService starters = Executors.newFixedThreadPool(8);
    for (int i = 0; i < tasks; i++)
      starters.submit(() -> sfn.startExecution(b -> b.stateMachineArn(arn)));
    starters.shutdown();
    starters.awaitTermination(1, TimeUnit.HOURS);
    AtomicInteger done = new AtomicInteger();
    // The clock stops at the last answer: the other workers' polls then wait out their long poll
    // for nothing, which is not part of the throughput (it made 4 and 16 workers look slower).
    AtomicLong lastAnswer = new AtomicLong();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    for (int w = 0; w < workers; w++) {
      pool.submit(
          () -> {
            while (done.get() < tasks) {
              var t = sfn.getActivityTask(b -> b.activityArn(activity).workerName("bench"));
              if (t.taskToken() == null) continue;
              sfn.sendTaskSuccess(b -> b.taskToken(t.taskToken()).output("{}"));
              if (done.incrementAndGet() == tasks) lastAnswer.set(System.nanoTime());
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    double seconds = (lastAnswer.get() - t0) / 1e9;
    System.out.printf(
        "ACTIVITY %2d workers: %d task round trips in %.2f s: %.0f round trips/s%n",
        workers, done.get(), seconds, done.get() / seconds);
  }

  private static long pct(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    if (sorted.isEmpty()) return 0;
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
