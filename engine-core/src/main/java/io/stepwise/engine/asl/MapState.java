package io.stepwise.engine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.PayloadTemplate;
import io.stepwise.engine.dataflow.Template;
import io.stepwise.engine.dataflow.ValueExpression;
import io.stepwise.engine.dataflow.jsonata.JsonataTemplate;
import java.util.List;

/**
 * A Map state: runs its item processor once per item of an array; its result is the array of
 * outputs. Inline runs iterations inside the execution; distributed runs child executions.
 */
public record MapState(
    StateBase base,
    StateGraph itemProcessor,
    JsonNode itemProcessorJson,
    ProcessorMode mode,
    String executionType,
    DataPath itemsPath,
    JsonataTemplate items,
    Template itemSelector,
    ValueExpression maxConcurrency,
    PayloadTemplate resultSelector,
    DataPath resultPath,
    ValueExpression toleratedFailureCount,
    ValueExpression toleratedFailurePercentage,
    String label,
    MapRunConfig mapRun,
    List<Retrier> retry,
    List<Catcher> catchers)
    implements State, Recoverable {

  /** ItemProcessor.ProcessorConfig.Mode. */
  public enum ProcessorMode {
    INLINE,
    DISTRIBUTED
  }
}
