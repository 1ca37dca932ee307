package io.stepwise.engine.asl;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.dataflow.PayloadTemplate;

/** A Pass state: passes its input, or a fixed Result, to its output. */
public record PassState(
    StateBase base, PayloadTemplate parameters, JsonNode result, DataPath resultPath)
    implements State {}
