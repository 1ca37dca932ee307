package io.stepwise.engine.runtime.memory;

import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.outbound.OutboundPolicy;

/**
 * A distributed Map's reading and writing: items from, and results to, a folder that stands in for
 * S3 (or what else the {@link OutboundPolicy} allows). Each answers with the signal the interpreter
 * expects.
 */
public final class DistributedMapIo {
  private final OutboundPolicy outbound;

  public DistributedMapIo(OutboundPolicy outbound) {
    this.outbound = outbound;
  }

  /** ItemReader: the items as a JSON array, or States.ItemReaderFailed. */
  public Signal read(Command.ReadItems read) {
    try {
      return new Signal.TaskSucceeded(read.token(), new ItemSource(outbound).read(read.reader()));
    } catch (ItemSource.ItemReaderException e) {
      return new Signal.TaskFailed(read.token(), "States.ItemReaderFailed", e.getMessage());
    }
  }

  /** ResultWriter: the manifest, or States.ResultWriterFailed. */
  public Signal write(Command.WriteResults write) {
    try {
      return new Signal.TaskSucceeded(
          write.token(),
          new ResultSink(outbound).write(write.writer(), write.mapRunArn(), write.results()));
    } catch (ResultSink.ResultWriterException e) {
      return new Signal.TaskFailed(write.token(), "States.ResultWriterFailed", e.getMessage());
    }
  }
}
