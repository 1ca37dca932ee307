package io.stepwise.api.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.runtime.Definitions;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.MockedTasks;
import io.stepwise.engine.runtime.memory.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Express workflows: run in memory by engine-core's {@link InMemoryRunner}, at-least-once, with no
 * history kept. Tasks are answered from the mocks file {@code stepwise.express.mocks} (the
 * conformance format, by state name) when configured, and fail otherwise: Express has no task queue
 * yet.
 */
@ApplicationScoped
public class ExpressExecutions {
  private static final Logger LOG = Logger.getLogger(ExpressExecutions.class);

  private final Definitions definitions;
  private final JsonNode mocks;

  public ExpressExecutions(
      Definitions definitions,
      @ConfigProperty(name = "stepwise.express.mocks") Optional<String> mocksFile) {
    this.definitions = definitions;
    this.mocks = mocksFile.map(ExpressExecutions::read).orElse(null);
  }

  private static JsonNode read(String file) {
    try {
      return Json.parseTrusted(Files.readString(Path.of(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stepwise.express.mocks " + file, e);
    }
  }

  /** Runs the execution to its end on the calling thread; the snapshot holds the outcome. */
  public ExecutionSnapshot run(String definitionText, ExecutionSnapshot snapshot) {
    snapshot.express = true;
    TaskHandler handler = mocks == null ? TaskHandler.NONE : new MockedTasks(mocks);
    try {
      new InMemoryRunner(definitions.parsed(definitionText), handler, false).run(snapshot);
    } catch (RuntimeException e) {
      // A task without an answer (no mock) ends the run as a failure rather than an API error.
      snapshot.status = ExecutionStatus.FAILED;
      snapshot.error = "States.Runtime";
      snapshot.cause = e.getMessage();
      snapshot.stopTime = Instant.now();
    }
    if (snapshot.stopTime == null) snapshot.stopTime = Instant.now();
    return snapshot;
  }

  /** Starts the run on a virtual thread (StartExecution of an Express machine). */
  public void runAsync(String definitionText, ExecutionSnapshot snapshot) {
    Thread.ofVirtual()
        .name("express-" + snapshot.executionName)
        .start(
            () -> {
              ExecutionSnapshot end = run(definitionText, snapshot);
              LOG.debugf("express execution %s ended %s", end.executionArn, end.status);
            });
  }
}
