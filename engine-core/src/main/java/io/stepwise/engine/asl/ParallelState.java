package io.stepwise.engine.asl;

import io.stepwise.engine.dataflow.PayloadTemplate;
import io.stepwise.engine.dataflow.jsonata.JsonataTemplate;
import java.util.List;

/** A Parallel state: runs each branch on the same input; its result is the array of outputs. */
public record ParallelState(
    StateBase base,
    List<StateGraph> branches,
    PayloadTemplate parameters,
    JsonataTemplate arguments,
    PayloadTemplate resultSelector,
    DataPath resultPath,
    List<Retrier> retry,
    List<Catcher> catchers)
    implements State, Recoverable {}
