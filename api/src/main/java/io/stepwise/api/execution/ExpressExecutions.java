package io.stepwise.api.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.activity.ExpressTaskQueue;
import io.stepwise.api.ops.ExecutionMdc;
import io.stepwise.api.runtime.Definitions;
import io.stepwise.api.runtime.EnginePorts;
import io.stepwise.api.runtime.ExecutionTeams;
import io.stepwise.api.runtime.ServerOutbound;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Interpreter;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.live.RealTimeRunner;
import io.stepwise.engine.runtime.memory.MockedTasks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Express workflows: run in this server's memory on the real clock by engine-core's {@link
 * RealTimeRunner}, at-least-once, with no history kept, ended as TIMED_OUT at AWS's five minutes
 * ({@code stepwise.express.max-duration}). Their tasks go to workers through {@link
 * ExpressTaskQueue}, or are answered from the mocks file {@code stepwise.express.mocks} (the
 * conformance format, by state name) when one is configured.
 */
@ApplicationScoped
public class ExpressExecutions {
  private static final Logger LOG = Logger.getLogger(ExpressExecutions.class);

  private final Definitions definitions;
  private final ExpressTaskQueue queue;
  private final Instance<ExecutionStarter> starter;
  private final JsonNode mocks;
  private final Duration maxDuration;
  private final ServerOutbound outbound;
  private final ExecutionTeams teams;
  private final Ports ports;

  public ExpressExecutions(
      Definitions definitions,
      EnginePorts ports,
      ExpressTaskQueue queue,
      Instance<ExecutionStarter> starter,
      @ConfigProperty(name = "stepwise.express.mocks") Optional<String> mocksFile,
      @ConfigProperty(name = "stepwise.express.max-duration", defaultValue = "5m")
          Duration maxDuration,
      ServerOutbound outbound,
      ExecutionTeams teams) {
    this.definitions = definitions;
    this.queue = queue;
    this.starter = starter;
    this.mocks = mocksFile.map(ExpressExecutions::read).orElse(null);
    this.maxDuration = maxDuration;
    this.outbound = outbound;
    this.teams = teams;
    this.ports = ports.ports();
  }

  /** How long an Express execution may run before it ends as TIMED_OUT. */
  public Duration maxDuration() {
    return maxDuration;
  }

  private static JsonNode read(String file) {
    try {
      return Json.parseTrusted(Files.readString(Path.of(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stepwise.express.mocks " + file, e);
    }
  }

  /**
   * Runs the execution to its end on the calling (virtual) thread, as StartSyncExecution does; the
   * snapshot holds the outcome.
   */
  public ExecutionSnapshot run(String definitionText, ExecutionSnapshot snapshot) {
    snapshot.asExpress(maxDuration);
    StateMachineDefinition definition = definitions.parsed(definitionText);
    ExpressTaskDispatcher tasks =
        new ExpressTaskDispatcher(
            queue, mocks == null ? null : new MockedTasks(mocks), starter.get(), snapshot);
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(snapshot.executionArn())) {
      new RealTimeRunner(
              definition,
              tasks,
              Clock.systemUTC(),
              outbound.policyFor(teams.teamOf(snapshot.executionArn())))
          .withPorts(ports)
          .run(snapshot);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end(definition, snapshot, "The server stopped while the execution ran");
    } catch (RuntimeException | Error e) {
      // Even an Error ends only this execution, never the thread that started it.
      LOG.warnf(e, "express execution %s failed in the runtime", snapshot.executionArn());
      end(definition, snapshot, String.valueOf(e));
    }
    return snapshot;
  }

  /** The runtime cannot carry the execution on: the interpreter ends it (States.Runtime). */
  private void end(StateMachineDefinition definition, ExecutionSnapshot snapshot, String cause) {
    Interpreter.step(
        definition,
        snapshot,
        new Signal.RuntimeFailed(cause),
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        ports);
  }

  /**
   * Starts the run on a virtual thread (StartExecution of an Express machine) and hands its end to
   * {@code onEnd}.
   */
  public void runAsync(
      String definitionText, ExecutionSnapshot snapshot, Consumer<ExecutionSnapshot> onEnd) {
    Thread.ofVirtual()
        .name("express-" + snapshot.executionName())
        .start(
            () -> {
              ExecutionSnapshot end = run(definitionText, snapshot);
              LOG.debugf("express execution %s ended %s", end.executionArn(), end.status());
              onEnd.accept(end);
            });
  }
}
