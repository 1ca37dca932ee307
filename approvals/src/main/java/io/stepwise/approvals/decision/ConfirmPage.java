package io.stepwise.approvals.decision;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * What a decision page shows: the request, the choice, and either a confirm form (outcome {@link
 * DecisionOutcome#CONFIRM}) or why nothing can be done; after a POST, what was decided.
 *
 * @param recipient the address the link was mailed to; null for a decision from the inbox
 * @param viewer the signed-in user, or null
 * @param signInLink where to sign in and come back to this page
 * @param form the approval's form fields (empty without one)
 * @param votes who voted what so far, as people read it (empty before the first vote)
 * @param detail what else the page says about the outcome (to whom it was handed, why not)
 * @param delegateAction where the confirm page's "hand over" form posts; null: not offered
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
    String csrf,
    List<FieldView> form,
    List<String> votes,
    String quorum,
    String detail,
    String delegateAction) {

  public String title() {
    return outcome.title();
  }

  public String explanation() {
    return outcome.explanation();
  }

  /** Whether the page offers the confirm form (first time, or again with the form's errors). */
  public boolean confirm() {
    return outcome == DecisionOutcome.CONFIRM || outcome == DecisionOutcome.INVALID_FIELDS;
  }

  /** Whether the page says what became of the attempt (everything but a fresh confirm page). */
  public boolean saysOutcome() {
    return outcome != DecisionOutcome.CONFIRM;
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
    return with(token, form, detail);
  }

  public ConfirmPage withForm(List<FieldView> fields) {
    return with(csrf, fields, detail);
  }

  public ConfirmPage withDetail(String text) {
    return with(csrf, form, text);
  }

  /** The same page with these three values (the only ones a page changes after it is built). */
  private ConfirmPage with(String token, List<FieldView> fields, String text) {
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
        token,
        fields,
        votes,
        quorum,
        text,
        delegateAction);
  }
}
