package io.stepwise.worker;

import io.stepwise.worker.config.WorkerConfig;
import io.stepwise.worker.config.WorkerConfigReader;
import io.stepwise.worker.http.HttpInvokeHandler;
import io.stepwise.worker.poll.HandlerRoutes;
import io.stepwise.worker.poll.SfnClients;
import io.stepwise.worker.poll.Worker;
import java.io.IOException;
import java.util.List;
import java.util.logging.LogManager;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The worker process: reads its settings, finds its handlers, polls until SIGTERM, then shuts down
 * gracefully.
 */
public final class WorkerMain {

  static final String USAGE =
      """
      usage: stepwise worker [--server URL] [--concurrency N] [--resources ARN,...] [--config FILE]
        --server       the Stepwise server (env STEPWISE_SERVER, default http://localhost:8080)
        --concurrency  the most tasks run at once (default: 4 per processor)
        --resources    resource ARNs or function names to poll (default: the HTTP task and every
                       Java handler's name)
        --config       a JSON configuration file (env STEPWISE_WORKER_CONFIG); see worker/README.md
      """;

  private WorkerMain() {}

  /** Starts the worker; exits with status 2 on a configuration error. */
  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
    }
    if (System.getProperty("java.util.logging.config.file") == null
        && System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      // One line per event: time, level, logger, key=value message.
      System.setProperty(
          "java.util.logging.SimpleFormatter.format",
          "%1$tFT%1$tT.%1$tL%1$tz %4$s %3$s %5$s%6$s%n");
    }
    Worker worker;
    try {
      worker = create(new WorkerConfigReader(System::getenv).read(args));
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("stepwise worker: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.shutdown();
                  if (LogManager.getLogManager() instanceof ShutdownSafeLogManager logs) {
                    logs.resetAtLast();
                  }
                },
                "stepwise-shutdown"));
    worker.start();
    worker.awaitStopped();
  }

  /** Builds a worker from its settings, with the built-in HTTP handler and the Java handlers. */
  static Worker create(WorkerConfig config) {
    HttpInvokeHandler http = new HttpInvokeHandler(config.connections(), config.region());
    HandlerRoutes routes = HandlerRoutes.load(WorkerMain.class.getClassLoader(), List.of(http));
    WorkerConfig served =
        config.resources().isEmpty() ? config.withResources(routes.names()) : config;
    AwsCredentialsProvider credentials = SfnClients.credentials(served.server());
    return new Worker(
        served,
        routes,
        SfnClients.forPolling(
            served.server(), served.region(), credentials, served.resources().size()),
        SfnClients.forReporting(
            served.server(), served.region(), credentials, served.concurrency()));
  }
}
