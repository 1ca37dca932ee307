package io.stepwise.engine.asl;

import java.util.List;

/** A Choice state: the first rule that matches names the next state, else Default. */
public record ChoiceState(StateBase base, List<ChoiceRule.Branch> choices, String defaultNext)
    implements State {}
