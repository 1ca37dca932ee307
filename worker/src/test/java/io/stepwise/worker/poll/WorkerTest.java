package io.stepwise.worker.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.stepwise.worker.TaskHandler;
import io.stepwise.worker.config.WorkerConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The poll/run/report loop against a fake of the AWS JSON protocol, through the real SDK {@code
 * SfnClient}: what any worker written with the plain SDK calls does.
 */
class WorkerTest {

  private static final String GREET = "arn:aws:lambda:us-east-1:123456789012:function:greet";
  private static final String SLOW = "slow";

  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private final List<Worker> workers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Worker worker : workers) {
      worker.shutdown();
    }
    for (AutoCloseable closeable : cleanup) {
      closeable.close();
    }
  }

  private FakeStepFunctions fake(int port) throws Exception {
    FakeStepFunctions fake = new FakeStepFunctions(port, Duration.ofMillis(300));
    cleanup.add(fake);
    return fake;
  }

  private Worker worker(
      URI server,
      int concurrency,
      Duration grace,
      List<String> resources,
      List<TaskHandler> handlers) {
    WorkerConfig config =
        new WorkerConfig(
            server,
            "us-east-1",
            "test-worker",
            concurrency,
            resources,
            Duration.ofMillis(100),
            Map.of(),
            grace,
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Map.of());
    var credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("stepwise", "stepwise"));
    HandlerRoutes routes = HandlerRoutes.load(getClass().getClassLoader(), handlers);
    Worker worker =
        new Worker(
            config,
            routes,
            SfnClients.forPolling(server, "us-east-1", credentials, concurrency),
            SfnClients.forReporting(server, "us-east-1", credentials, concurrency));
    workers.add(worker);
    worker.start();
    return worker;
  }

  /** A handler named {@code name} that runs {@code body}. */
  private static TaskHandler handler(String name, HandlerBody body) {
    return new TaskHandler() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public JsonNode handle(JsonNode input) {
        try {
          return body.run(input);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    };
  }

  interface HandlerBody {
    JsonNode run(JsonNode input) throws InterruptedException;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(20);
    }
  }

  @Test
  void reportsTheJavaHandlersOutputWithSendTaskSuccess() throws Exception {
    FakeStepFunctions fake = fake(0);
    fake.enqueue(GREET, "token-1", "{\"name\":\"Ada\"}");

    worker(fake.endpoint(), 2, Duration.ofSeconds(5), List.of(GREET), List.of());

    await(() -> fake.reports().size() == 1);
    FakeStepFunctions.Report report = fake.reports().getFirst();
    assertThat(report.kind()).isEqualTo("success");
    assertThat(report.token()).isEqualTo("token-1");
    assertThat(report.output()).isEqualTo("{\"greeting\":\"Hello, Ada!\"}");
    assertThat(fake.workerNames()).contains("test-worker");
  }

  @Test
  void anAnswerRefusedWithThrottlingExceptionIsSentAgainAfterABackOff() throws Exception {
    FakeStepFunctions fake = fake(0);
    fake.throttleAnswers(2);
    fake.enqueue(GREET, "token-1", "{\"name\":\"Ada\"}");

    worker(fake.endpoint(), 2, Duration.ofSeconds(5), List.of(GREET), List.of());

    await(() -> fake.reports().size() == 1);
    assertThat(fake.reports().getFirst().kind()).isEqualTo("success");
    assertThat(fake.reports().getFirst().token()).isEqualTo("token-1");
  }

  @Test
  void reportsATaskFailureWithItsErrorAndCause() throws Exception {
    FakeStepFunctions fake = fake(0);
    fake.enqueue("greet", "token-1", "{}");

    worker(fake.endpoint(), 1, Duration.ofSeconds(5), List.of("greet"), List.of());

    await(() -> fake.reports().size() == 1);
    FakeStepFunctions.Report report = fake.reports().getFirst();
    assertThat(report.kind()).isEqualTo("failure");
    assertThat(report.error()).isEqualTo("Greeting.NoName");
    assertThat(report.cause()).contains("name");
  }

  @Test
  void reportsAnUnexpectedExceptionUnderItsClassName() throws Exception {
    FakeStepFunctions fake = fake(0);
    fake.enqueue(SLOW, "token-1", "{}");
    TaskHandler broken =
        handler(
            SLOW,
            input -> {
              throw new IllegalStateException("boom");
            });

    worker(fake.endpoint(), 1, Duration.ofSeconds(5), List.of(SLOW), List.of(broken));

    await(() -> fake.reports().size() == 1);
    FakeStepFunctions.Report report = fake.reports().getFirst();
    assertThat(report.error()).isEqualTo("java.lang.IllegalStateException");
    assertThat(report.cause()).contains("\"errorMessage\":\"boom\"");
  }

  @Test
  void sendsHeartbeatsWhileTheHandlerRuns() throws Exception {
    FakeStepFunctions fake = fake(0);
    fake.enqueue(SLOW, "token-1", "{}");
    TaskHandler slow =
        handler(
            SLOW,
            input -> {
              Thread.sleep(700);
              return TextNode.valueOf("done");
            });

    worker(fake.endpoint(), 1, Duration.ofSeconds(5), List.of(SLOW), List.of(slow));

    await(() -> fake.reports().size() == 1);
    assertThat(fake.heartbeats("token-1")).isGreaterThanOrEqualTo(3);
    assertThat(fake.reports().getFirst().output()).isEqualTo("\"done\"");
  }

  @Test
  void neverHoldsMoreTasksThanItsConcurrency() throws Exception {
    FakeStepFunctions fake = fake(0);
    for (int i = 0; i < 6; i++) {
      fake.enqueue(SLOW, "token-" + i, "{}");
    }
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    TaskHandler slow =
        handler(
            SLOW,
            input -> {
              maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              Thread.sleep(200);
              running.decrementAndGet();
              return JsonNodeFactory.instance.objectNode();
            });

    worker(fake.endpoint(), 2, Duration.ofSeconds(5), List.of(SLOW), List.of(slow));

    await(() -> fake.reports().size() == 6);
    assertThat(maxRunning.get()).isEqualTo(2);
    // Open polls plus tasks handed out and not yet reported, as the server saw them.
    assertThat(fake.maxOutstanding()).isLessThanOrEqualTo(2);
  }

  @Test
  void neverRunsATokenTwiceAtOnce() throws Exception {
    FakeStepFunctions fake = fake(0);
    fake.enqueue(SLOW, "token-1", "{}");
    fake.enqueue(SLOW, "token-1", "{}");
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    TaskHandler blocking =
        handler(
            SLOW,
            input -> {
              calls.incrementAndGet();
              release.await();
              return JsonNodeFactory.instance.objectNode();
            });

    worker(fake.endpoint(), 2, Duration.ofSeconds(5), List.of(SLOW), List.of(blocking));

    await(() -> fake.polls() >= 3);
    assertThat(calls.get()).isEqualTo(1);
    release.countDown();
    await(() -> fake.reports().size() == 1);
  }

  @Test
  void backsOffWhileTheServerIsUnreachableThenReconnects() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    worker(
        URI.create("http://127.0.0.1:" + port),
        1,
        Duration.ofSeconds(5),
        List.of(GREET),
        List.of());
    Thread.sleep(700);

    FakeStepFunctions fake = fake(port);
    fake.enqueue(GREET, "token-1", "{\"name\":\"Bo\"}");

    await(() -> fake.reports().size() == 1);
    assertThat(fake.reports().getFirst().output()).contains("Hello, Bo!");
  }

  @Test
  void shutdownLetsARunningTaskFinishAndStopsPolling() throws Exception {
    FakeStepFunctions fake = fake(0);
    fake.enqueue(SLOW, "token-1", "{}");
    CountDownLatch started = new CountDownLatch(1);
    TaskHandler slow =
        handler(
            SLOW,
            input -> {
              started.countDown();
              Thread.sleep(400);
              return TextNode.valueOf("finished");
            });
    Worker worker = worker(fake.endpoint(), 1, Duration.ofSeconds(5), List.of(SLOW), List.of(slow));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    worker.shutdown();

    assertThat(fake.reports())
        .extracting(FakeStepFunctions.Report::kind)
        .containsExactly("success");
    int polls = fake.polls();
    Thread.sleep(400);
    assertThat(fake.polls()).isEqualTo(polls);
  }

  @Test
  void shutdownFailsATaskStillRunningAfterTheGracePeriod() throws Exception {
    FakeStepFunctions fake = fake(0);
    fake.enqueue(SLOW, "token-1", "{}");
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    TaskHandler stuck =
        handler(
            SLOW,
            input -> {
              started.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
              }
              return TextNode.valueOf("never");
            });
    Worker worker =
        worker(fake.endpoint(), 1, Duration.ofMillis(200), List.of(SLOW), List.of(stuck));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    worker.shutdown();

    assertThat(fake.reports()).hasSize(1);
    assertThat(fake.reports().getFirst().error()).isEqualTo("Worker.Shutdown");
    await(interrupted::get);
  }

  @Test
  void anOversizedResultFailsWithDataLimitExceeded() throws Exception {
    FakeStepFunctions fake = fake(0);
    fake.enqueue(SLOW, "token-1", "{}");
    TaskHandler big = handler(SLOW, input -> TextNode.valueOf("x".repeat(256 * 1024)));

    worker(fake.endpoint(), 1, Duration.ofSeconds(5), List.of(SLOW), List.of(big));

    await(() -> fake.reports().size() == 1);
    assertThat(fake.reports().getFirst().kind()).isEqualTo("failure");
    assertThat(fake.reports().getFirst().error()).isEqualTo("States.DataLimitExceeded");
  }

  @Test
  void aTaskTheServerTimedOutIsInterruptedAndNotReported() throws Exception {
    FakeStepFunctions fake = fake(0);
    fake.enqueue(SLOW, "token-1", "{}");
    fake.timeOutHeartbeatsOf("token-1");
    AtomicBoolean interrupted = new AtomicBoolean();
    TaskHandler stuck =
        handler(
            SLOW,
            input -> {
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
              }
              return TextNode.valueOf("never");
            });

    worker(fake.endpoint(), 1, Duration.ofSeconds(5), List.of(SLOW), List.of(stuck));

    await(interrupted::get);
    Thread.sleep(200);
    assertThat(fake.reports()).isEmpty();
    assertThat(fake.heartbeats("token-1")).isEqualTo(1);
  }
}
