package io.stepwise.engine.asl;

/** A Succeed state: ends its graph successfully. */
public record SucceedState(StateBase base) implements State {}
