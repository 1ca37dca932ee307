package io.stepwise.web.execution;

import io.stepwise.engine.service.StateMachineSummary;
import java.util.List;

/**
 * The start-execution form with what was typed and what was wrong with it.
 *
 * @param error why the last attempt was refused, or null
 */
public record StartForm(
    List<StateMachineSummary> machines,
    String stateMachineArn,
    String name,
    String input,
    String error) {

  public boolean selected(String arn) {
    return arn.equals(stateMachineArn);
  }
}
