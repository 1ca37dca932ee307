package io.stepwise.engine.runtime.memory;

import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.Signal;
import java.nio.file.Path;

/**
 * A distributed Map's reading and writing outside any server: items from, and results to, a folder
 * that stands in for S3. Each answers with the signal the interpreter expects.
 */
public final class DistributedMapIo {
  private final Path objectStore;

  public DistributedMapIo(Path objectStore) {
    this.objectStore = objectStore;
  }

  /** ItemReader: the items as a JSON array, or States.ItemReaderFailed. */
  public Signal read(Command.ReadItems read) {
    try {
      return new Signal.TaskSucceeded(
          read.token(), new ItemSource(objectStore).read(read.reader()));
    } catch (ItemSource.ItemReaderException e) {
      return new Signal.TaskFailed(read.token(), "States.ItemReaderFailed", e.getMessage());
    }
  }

  /** ResultWriter: the manifest, or States.ResultWriterFailed. */
  public Signal write(Command.WriteResults write) {
    try {
      return new Signal.TaskSucceeded(
          write.token(),
          new ResultSink(objectStore).write(write.writer(), write.mapRunArn(), write.results()));
    } catch (ResultSink.ResultWriterException e) {
      return new Signal.TaskFailed(write.token(), "States.ResultWriterFailed", e.getMessage());
    }
  }
}
