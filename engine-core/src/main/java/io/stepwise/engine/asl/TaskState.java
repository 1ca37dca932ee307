package io.stepwise.engine.asl;

import io.stepwise.engine.dataflow.PayloadTemplate;
import io.stepwise.engine.dataflow.Template;
import io.stepwise.engine.dataflow.ValueExpression;
import io.stepwise.engine.dataflow.jsonata.JsonataTemplate;
import java.util.List;

/**
 * A Task state: hands work to a resource (activity, function, service integration) and waits for
 * its result.
 *
 * @param credentials the Credentials field (the role to assume), compiled as a payload of the
 *     state's query language; null when absent
 */
public record TaskState(
    StateBase base,
    Resource resource,
    PayloadTemplate parameters,
    JsonataTemplate arguments,
    PayloadTemplate resultSelector,
    DataPath resultPath,
    ValueExpression timeoutSeconds,
    ValueExpression heartbeatSeconds,
    Template credentials,
    List<Retrier> retry,
    List<Catcher> catchers)
    implements State, Recoverable {}
