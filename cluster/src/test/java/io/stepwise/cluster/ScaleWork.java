package io.stepwise.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.worker.TaskFailure;
import io.stepwise.worker.TaskHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The task that {@link ScaleOutIT}'s worker processes serve (function {@value #NAME}, found by the
 * worker's ServiceLoader): it notes {@code start EXECUTION ATTEMPT} in the worker's journal (the
 * file named by {@code -Dscale.journal}), works for {@code -Dscale.work.millis}, notes {@code done
 * EXECUTION ATTEMPT} and answers with the parity of {@code n}. A line is written with one {@code
 * write} call, so it survives a SIGKILL of the worker: the test reads from the journal which tasks
 * the killed worker had in hand.
 */
public final class ScaleWork implements TaskHandler {
  static final String NAME = "scale-work";

  private final Path journal = Path.of(System.getProperty("scale.journal", "scale-work.journal"));
  private final long millis = Long.getLong("scale.work.millis", 100);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JsonNode handle(JsonNode input) throws TaskFailure {
    String task = input.path("execution").asText() + " " + input.path("attempt").asInt();
    note("start " + task);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskFailure("Scale.Interrupted", "taken back");
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("parity", input.path("n").asInt() % 2 == 0 ? "even" : "odd");
    note("done " + task);
    return out;
  }

  private synchronized void note(String line) {
    try (var channel =
        java.nio.channels.FileChannel.open(
            journal,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      channel.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
