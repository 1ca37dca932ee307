package io.stepwise.engine.asl;

import io.stepwise.engine.dataflow.ValueExpression;

/**
 * A Wait state: parks its execution for a number of seconds or until a timestamp. Exactly one of
 * the two is set; each is a literal, a path or (JSONata) an expression.
 */
public record WaitState(StateBase base, ValueExpression seconds, ValueExpression timestamp)
    implements State {}
