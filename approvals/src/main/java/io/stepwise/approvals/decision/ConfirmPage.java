package io.stepwise.approvals.decision;

import io.quarkus.qute.TemplateData;

/**
 * What a decision page shows: the request, the choice, and either a confirm form (outcome {@link
 * DecisionOutcome#CONFIRM}) or why nothing can be done; after a POST, what was decided.
 *
 * @param recipient the address the link was mailed to; null for a decision from the inbox
 * @param viewer the signed-in user, or null
 * @param signInLink where to sign in and come back to this page
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
    String viewer,
    String signInLink,
    String csrf) {

  public String title() {
    return outcome.title();
  }

  public String explanation() {
    return outcome.explanation();
  }

  public boolean confirm() {
    return outcome == DecisionOutcome.CONFIRM;
  }

  /** Whether to offer signing in: the page asks for it. */
  public boolean offerSignIn() {
    return outcome == DecisionOutcome.SIGN_IN_REQUIRED && signInLink != null;
  }

  /** Whether the page answers a decision from the inbox (no link), so it leads back there. */
  public boolean fromInbox() {
    return recipient == null && (subject != null || outcome == DecisionOutcome.UNKNOWN);
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
        viewer,
        signInLink,
        token);
  }
}
