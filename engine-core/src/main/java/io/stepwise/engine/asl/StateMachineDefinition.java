package io.stepwise.engine.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A parsed, valid state machine definition: an immutable tree shared by the validator, the
 * interpreter, the UI's graph and the API.
 *
 * @param graph the top-level states
 * @param comment the definition's Comment, or null
 * @param timeoutSeconds the execution's TimeoutSeconds, or null for none
 * @param queryLanguage the top-level query language (JSONPath unless said otherwise)
 * @param json the definition as given
 */
public record StateMachineDefinition(
    StateGraph graph,
    String comment,
    Integer timeoutSeconds,
    QueryLanguage queryLanguage,
    JsonNode json) {}
