package io.stepwise.web.explain;

import io.stepwise.engine.interpret.RetryExplainer;
import java.util.List;

/**
 * The "why did it go there" answer for one state entry: for a Choice, each rule with the values it
 * compared and where the state went; for a state with Retry, each attempt; for a data-flow failure,
 * the stage and value it failed on.
 *
 * @param enteredEventId the StateEntered event the answer is about
 * @param rules the Choice's rules as rows, empty for other states
 * @param chosenNext where the Choice went, or null for other states
 * @param variables the variables the Choice saw, indented JSON, or empty
 * @param attempts the attempts of a state with Retry, empty otherwise
 * @param dataFlow the data-flow failure of this entry, or null
 * @param note what cannot be explained, or empty
 */
public record Why(
    String stateName,
    String stateType,
    long enteredEventId,
    List<RuleRow> rules,
    String chosenNext,
    boolean defaultTaken,
    String input,
    String variables,
    List<RetryExplainer.Attempt> attempts,
    DataFlowFailure dataFlow,
    String note) {

  public boolean choice() {
    return chosenNext != null;
  }

  public boolean retried() {
    return !attempts.isEmpty();
  }
}
