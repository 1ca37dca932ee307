package io.stepwise.engine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.PayloadTemplate;
import io.stepwise.engine.dataflow.ValueExpression;
import io.stepwise.engine.dataflow.jsonata.JsonataTemplate;
import java.util.List;

/**
 * A Task state: hands work to a resource (activity, function, service integration) and waits for
 * its result.
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
    JsonNode credentials,
    List<Retrier> retry,
    List<Catcher> catchers)
    implements State, Recoverable {}
