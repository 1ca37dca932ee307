package io.stepwise.approvals.decision;

import io.quarkus.qute.TemplateData;

/**
 * What a link's page shows: the request, the choice, and either a confirm form (outcome {@link
 * DecisionOutcome#CONFIRM}) or why nothing can be done; after a POST, what was decided.
 */
@TemplateData
public record ConfirmPage(
    DecisionOutcome outcome,
    String subject,
    String message,
    String choice,
    String failsWith,
    String executionArn,
    String executionLink,
    String stateName,
    String recipient,
    String expires,
    boolean allowComment,
    String decision,
    String decidedBy,
    String decidedAt,
    String comment,
    String csrf) {

  /** A page about a link that names no approval we know. */
  static ConfirmPage bare(DecisionOutcome outcome) {
    return new ConfirmPage(
        outcome, null, null, null, null, null, null, null, null, null, false, null, null, null,
        null, null);
  }

  public String title() {
    return outcome.title();
  }

  public String explanation() {
    return outcome.explanation();
  }

  public boolean confirm() {
    return outcome == DecisionOutcome.CONFIRM;
  }

  public ConfirmPage withCsrf(String token) {
    return new ConfirmPage(
        outcome,
        subject,
        message,
        choice,
        failsWith,
        executionArn,
        executionLink,
        stateName,
        recipient,
        expires,
        allowComment,
        decision,
        decidedBy,
        decidedAt,
        comment,
        token);
  }
}
