package io.stepwise.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.cluster.Cluster.Node;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Scale-out and crash survival: one PostgreSQL, three packaged server processes on it, two worker
 * processes ({@code WorkerMain} serving {@link ScaleWork}), 1,000 executions started round-robin
 * through the three servers, and in the middle of the run SIGKILL to one server and one worker.
 * Every execution must succeed with a complete, duplicate-free history, every task the killed
 * worker had in hand must have been run again by the other worker, and every execution must read as
 * finished through a server other than the one it was started on. Prints a report and writes it to
 * {@code target/scale-out-report.txt}.
 */
class ScaleOutIT {
  private static final int EXECUTIONS = Integer.getInteger("scale.executions", 1000);

  /** Starts per second: spreads the starts over ~25 s, so that the kill lands among them. */
  private static final int START_RATE = Integer.getInteger("scale.start-rate", 40);

  private static final String WORK = "arn:aws:lambda:us-east-1:123456789012:function:scale-work";

  /** No Retry in the definition: no attempt may fail or time out. */
  private static final Set<String> RETRIED = Set.of();

  /**
   * A Task served by the workers, then a Wait (a timer row, fired by whichever server claims it), a
   * Choice and Pass states. The Task has neither TimeoutSeconds nor HeartbeatSeconds, so a claim's
   * lease is the servers' {@code stepwise.task-lease-seconds} (5 s here, counted from the claim and
   * renewed by heartbeats): a task whose worker died is handed to the other worker 5 s after its
   * claim, with the same token, and nothing else ever takes a task back. (A HeartbeatSeconds timer
   * counts from the task's scheduling, queue time included, so under load it also times out tasks
   * that merely waited for a worker: not deterministic.)
   */
  private static final String DEFINITION =
      """
      {"StartAt": "Prepare", "States": {
        "Prepare": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "Next": "Work"},
        "Work": {"Type": "Task", "Resource": "%s",
          "Parameters": {"execution.$": "$$.Execution.Name", "attempt": 0, "n.$": "$.n"},
          "ResultPath": "$.work", "Next": "Pause"},
        "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Route"},
        "Route": {"Type": "Choice", "Choices": [
          {"Variable": "$.work.parity", "StringEquals": "even", "Next": "Even"}],
          "Default": "Odd"},
        "Even": {"Type": "Pass", "Result": "even", "ResultPath": "$.route", "Next": "Done"},
        "Odd": {"Type": "Pass", "Result": "odd", "ResultPath": "$.route", "Next": "Done"},
        "Done": {"Type": "Succeed"}
      }}
      """
          .formatted(WORK);

  /** An execution the API accepted, and the server (index) that accepted it. */
  record Accepted(String name, String arn, int server) {}

  @Test
  void everyExecutionSucceedsOnceWhenAServerAndAWorkerAreKilledMidRun() throws Exception {
    Cluster.requireServerJar();
    long t0 = System.nanoTime();
    try (Cluster cluster = new Cluster("scale-out")) {
      cluster.startPostgres(false);
      int db = cluster.postgresPort();
      String[] serverOptions = {
        "-Xmx512m", "-Dstepwise.activity-poll-seconds=5", "-Dstepwise.task-lease-seconds=5"
      };
      Node[] servers = new Node[3];
      servers[0] = cluster.startServer("server-1", db, serverOptions);
      cluster.awaitReady(servers[0], Duration.ofSeconds(180)); // migrates the schema first
      servers[1] = cluster.startServer("server-2", db, serverOptions);
      servers[2] = cluster.startServer("server-3", db, serverOptions);
      cluster.awaitReady(servers[1], Duration.ofSeconds(180));
      cluster.awaitReady(servers[2], Duration.ofSeconds(180));
      long serversUp = System.nanoTime();

      Path journal1 = cluster.dir.resolve("worker-1.journal");
      Path journal2 = cluster.dir.resolve("worker-2.journal");
      // worker-1 uses server-1, worker-2 server-3; server-2 serves only API calls and its pollers.
      Node worker1 = startWorker(cluster, "worker-1", servers[0], journal1);
      Node worker2 = startWorker(cluster, "worker-2", servers[2], journal2);

      SfnClient[] sfn = new SfnClient[3];
      for (int i = 0; i < 3; i++) sfn[i] = Cluster.client(servers[i].endpoint(), 1);
      String machine =
          sfn[0]
              .createStateMachine(
                  b -> b.name("scale-out").roleArn(Cluster.ROLE).definition(DEFINITION))
              .stateMachineArn();

      long liveUpdateEvents = liveUpdatesReachAnotherNode(sfn[0], servers[2]);

      Set<Integer> dead = ConcurrentHashMap.newKeySet();
      Map<String, Accepted> accepted = new ConcurrentHashMap<>();
      AtomicInteger failovers = new AtomicInteger();
      ExecutorService starters = Executors.newFixedThreadPool(8);
      AtomicInteger next = new AtomicInteger();
      long startsBegan = System.nanoTime();
      for (int t = 0; t < 8; t++) {
        starters.submit(
            () -> {
              int i;
              while ((i = next.getAndIncrement()) < EXECUTIONS) {
                long due = startsBegan + TimeUnit.MILLISECONDS.toNanos(i * 1000L / START_RATE);
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                accepted.put(name(i), start(sfn, machine, i, servers.length, dead, failovers));
              }
              return null;
            });
      }

      // The kill: mid-run, once worker-1 is in its stride, while it holds tasks it has started
      // and not finished.
      awaitCount(accepted, EXECUTIONS * 2 / 5, Duration.ofSeconds(120));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((done(journal1) < 10 || inFlight(journal1).size() < 2)
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      dead.add(1);
      // The worker first: its journal is read right after, and its tasks take 200 ms.
      worker1.process().destroyForcibly();
      servers[1].process().destroyForcibly();
      worker1.kill();
      servers[1].kill();
      long killedAt = System.nanoTime();
      int acceptedAtKill = accepted.size();
      Set<String> heldByKilledWorker = inFlight(journal1);
      assertThat(heldByKilledWorker).as("worker-1 was working when it was killed").isNotEmpty();

      starters.shutdown();
      assertThat(starters.awaitTermination(180, TimeUnit.SECONDS)).isTrue();
      assertThat(accepted).hasSize(EXECUTIONS);

      try (Connection sql = cluster.sql()) {
        Cluster.awaitNoneRunning(sql, machine, Duration.ofSeconds(150));
      }
      long finished = System.nanoTime();

      // Every execution as seen through a surviving server other than the one that started it.
      int stateEntries = 0;
      int retried = 0;
      int events = 0;
      Map<Integer, Integer> perServer = new HashMap<>();
      for (Accepted a : accepted.values()) {
        perServer.merge(a.server(), 1, Integer::sum);
        SfnClient other = sfn[a.server() == 0 ? 2 : 0];
        DescribeExecutionResponse d = other.describeExecution(b -> b.executionArn(a.arn()));
        assertThat(d.status()).as(a.arn()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Histories.Checked c =
            Histories.checkSucceededOnce(a.arn(), Histories.read(other, a.arn()), RETRIED);
        stateEntries += c.stateEntries();
        retried += c.taskRetries();
        events += c.events();
      }

      // Each task worker-1 had in hand ran again on worker-2 once its lease ran out.
      Set<String> startedOnWorker2 = new HashSet<>();
      for (String line : Files.readAllLines(journal2)) {
        if (line.startsWith("start ")) startedOnWorker2.add(line.substring(6));
      }
      assertThat(startedOnWorker2)
          .as("the tasks the killed worker held ran again on worker-2")
          .containsAll(heldByKilledWorker);
      Set<String> ranTwice = new HashSet<>(startedOnWorker2);
      ranTwice.retainAll(
          Files.readAllLines(journal1).stream()
              .filter(l -> l.startsWith("start "))
              .map(l -> l.substring(6))
              .toList());
      long runsOnWorker2 =
          Files.readAllLines(journal2).stream().filter(l -> l.startsWith("done")).count();
      long runsOnWorker1 =
          Files.readAllLines(journal1).stream().filter(l -> l.startsWith("done")).count();

      String report =
          String.join(
              "\n",
              "Stepwise scale-out test (ScaleOutIT)",
              "  processes: PostgreSQL 17 (embedded), 3 servers, 2 workers (concurrency 8),"
                  + " on "
                  + Runtime.getRuntime().availableProcessors()
                  + " cores",
              "  executions: %d started round-robin (server-1 %d, server-2 %d, server-3 %d;"
                      .formatted(
                          accepted.size(),
                          perServer.getOrDefault(0, 0),
                          perServer.getOrDefault(1, 0),
                          perServer.getOrDefault(2, 0))
                  + " %d starts re-sent to another server), all SUCCEEDED"
                      .formatted(failovers.get()),
              "  killed (SIGKILL) after %d executions had been accepted: server-2 (pid %d) and"
                      .formatted(acceptedAtKill, servers[1].pid())
                  + " worker-1 (pid %d) holding %d started, unfinished tasks"
                      .formatted(worker1.pid(), heldByKilledWorker.size()),
              "  state transitions: %d state entries in %d history events; duplicate-free"
                      .formatted(stateEntries, events)
                  + " histories checked through the surviving servers",
              "  tasks: %d runs finished on worker-1, %d on worker-2; %d tasks ran on both"
                      .formatted(runsOnWorker1, runsOnWorker2, ranTwice.size())
                  + " (handed out again after their 5 s lease), each answered once;"
                  + " %d attempts failed or timed out".formatted(retried),
              "  live page: server-3's SSE stream of an execution that server-1 ran showed all"
                  + " %d of its events (NOTIFY across nodes)".formatted(liveUpdateEvents),
              "  duration: servers up in %.1f s, starts to last finish %.1f s (kill at %.1f s),"
                      .formatted(
                          seconds(t0, serversUp),
                          seconds(startsBegan, finished),
                          seconds(startsBegan, killedAt))
                  + " test %.1f s".formatted(seconds(t0, System.nanoTime())),
              "");
      System.out.print(report);
      Path out = Path.of(System.getProperty("stepwise.cluster.output", "target"));
      Files.createDirectories(out);
      Files.writeString(out.resolve("scale-out-report.txt"), report);
      for (SfnClient c : sfn) c.close();
      cluster.passed();
    }
  }

  /**
   * The execution page's live updates across nodes: an execution started through server-1 whose
   * activity task is claimed and answered through server-1 (so its steps commit there) is watched
   * on server-3's SSE stream ({@code /executions/ARN/stream}), which must deliver the execution's
   * last event: server-3 hears of server-1's commits only through PostgreSQL's NOTIFY.
   */
  private static long liveUpdatesReachAnotherNode(SfnClient first, Node third) throws Exception {
    String activity = first.createActivity(b -> b.name("scale-watched")).activityArn();
    String machine =
        first
            .createStateMachine(
                b ->
                    b.name("scale-watched")
                        .roleArn(Cluster.ROLE)
                        .definition(
                            "{\"StartAt\":\"Ask\",\"States\":{\"Ask\":{\"Type\":\"Task\","
                                + "\"Resource\":\""
                                + activity
                                + "\",\"End\":true}}}"))
            .stateMachineArn();
    String arn = first.startExecution(b -> b.stateMachineArn(machine).input("{}")).executionArn();
    AtomicLong lastShown = new AtomicLong();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<Stream<String>> stream =
        http.send(
            HttpRequest.newBuilder(third.endpoint().resolve("/executions/" + arn + "/stream"))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    Thread reader =
        Thread.ofVirtual()
            .start(
                () ->
                    stream
                        .body()
                        .filter(l -> l.startsWith("id:"))
                        .forEach(
                            l ->
                                lastShown.accumulateAndGet(
                                    Long.parseLong(l.substring(3).trim()), Math::max)));
    String token =
        first.getActivityTask(b -> b.activityArn(activity).workerName("watch")).taskToken();
    first.sendTaskSuccess(b -> b.taskToken(token).output("{}"));
    assertThat(first.describeExecution(b -> b.executionArn(arn)).status())
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    long events = Histories.read(first, arn).size();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (lastShown.get() < events && System.nanoTime() < deadline) Thread.sleep(50);
    stream.body().close();
    reader.interrupt();
    assertThat(lastShown.get())
        .as("server-3's live page of %s got server-1's events", arn)
        .isEqualTo(events);
    return events;
  }

  private static Node startWorker(Cluster cluster, String name, Node server, Path journal)
      throws java.io.IOException {
    return cluster.startWorker(
        name,
        server.endpoint(),
        8,
        WORK,
        1,
        "-Xmx256m",
        "-Dscale.journal=" + journal,
        "-Dscale.work.millis=200");
  }

  private static String name(int i) {
    return "run-%04d".formatted(i);
  }

  /**
   * StartExecution through server {@code i mod 3}, or the next live one when that fails; the name
   * makes a repeat idempotent (the same running execution comes back, or ExecutionAlreadyExists
   * when it already finished).
   */
  private static Accepted start(
      SfnClient[] sfn,
      String machine,
      int i,
      int servers,
      Set<Integer> dead,
      AtomicInteger failovers)
      throws InterruptedException {
    String name = name(i);
    String input = "{\"n\":" + i + "}";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (int attempt = 0; ; attempt++) {
      int s = (i + attempt) % servers;
      if (dead.contains(s)) s = (s + 1) % servers;
      try {
        String arn =
            sfn[s]
                .startExecution(b -> b.stateMachineArn(machine).name(name).input(input))
                .executionArn();
        if (attempt > 0) failovers.incrementAndGet();
        return new Accepted(name, arn, s);
      } catch (ExecutionAlreadyExistsException e) {
        // An earlier attempt was committed and the execution has finished since.
        failovers.incrementAndGet();
        return new Accepted(name, machine.replace(":stateMachine:", ":execution:") + ":" + name, s);
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) throw e;
        Thread.sleep(50);
      }
    }
  }

  /** "EXECUTION ATTEMPT" of the tasks a worker's journal shows started and not done. */
  private static Set<String> inFlight(Path journal) throws java.io.IOException {
    Set<String> open = new HashSet<>();
    if (!Files.exists(journal)) return open;
    for (String line : Files.readAllLines(journal)) {
      int space = line.indexOf(' ');
      if (space < 0) continue;
      String task = line.substring(space + 1);
      if (line.startsWith("start ")) open.add(task);
      else if (line.startsWith("done ")) open.remove(task);
    }
    return open;
  }

  private static long done(Path journal) throws java.io.IOException {
    if (!Files.exists(journal)) return 0;
    return Files.readAllLines(journal).stream().filter(l -> l.startsWith("done ")).count();
  }

  private static void awaitCount(Map<String, Accepted> accepted, int n, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (accepted.size() < n) {
      if (System.nanoTime() > deadline) throw new AssertionError("only " + accepted.size());
      Thread.sleep(20);
    }
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }
}
