package io.stepwise.engine.asl;

import io.stepwise.engine.dataflow.ValueExpression;

/** A Fail state: ends the execution (or its branch) with an error and a cause. */
public record FailState(StateBase base, ValueExpression error, ValueExpression cause)
    implements State {}
