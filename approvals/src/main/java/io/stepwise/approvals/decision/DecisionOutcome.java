package io.stepwise.approvals.decision;

/** What became of an attempt to see or make a decision, with the page text people get for it. */
public enum DecisionOutcome {
  /** The confirm page is shown (GET only): nothing decided yet. */
  CONFIRM(200, "Confirm your decision", ""),
  DECIDED(200, "Decision recorded", "Thank you. The workflow goes on with your decision."),
  /** A vote that did not yet make the quorum: recorded, the approval still waits for others. */
  VOTED(
      200,
      "Vote recorded",
      "Thank you. Your vote is recorded and final; the approval waits for more votes before the"
          + " workflow goes on."),
  ALREADY_VOTED(
      409,
      "Already voted",
      "You have decided on this approval already. Each person decides once; nothing was"
          + " changed."),
  DELEGATED(
      410,
      "Handed to someone else",
      "This decision was handed to someone else (see below); your links and the inbox no longer"
          + " decide it. Nothing was changed."),
  /** A delegation was recorded: the page says to whom. */
  HANDED_OVER(200, "Handed over", "The delegate was mailed their own links; yours no longer work."),
  BAD_DELEGATION(
      400,
      "Cannot hand over",
      "This approval cannot be handed to that address (see below). Nothing was changed."),
  SELF_APPROVAL(
      403,
      "Not allowed: you started this workflow",
      "This approval may not be decided by the person who started the execution. Nothing was"
          + " changed."),
  /** The form was incomplete or wrong: the page shows what, and nothing is decided. */
  INVALID_FIELDS(
      400,
      "Please correct the form",
      "Some fields are missing or not valid (see below). Nothing has been decided yet."),
  ALREADY_DECIDED(
      409,
      "Already decided",
      "This approval was decided already. A decision is final; nothing was changed."),
  EXPIRED(
      410,
      "Link expired",
      "This link has expired. Nothing was changed; ask the workflow's owner for a new request."),
  TAMPERED(
      400,
      "Invalid link",
      "This link is not valid: it may have been cut off or changed. Nothing was changed. Open it"
          + " again from the mail, in full."),
  NOT_WAITING(
      410,
      "No longer waiting",
      "The workflow is no longer waiting for this decision (it was stopped, timed out or ended"
          + " another way). Nothing was changed."),
  CSRF_REFUSED(
      403,
      "Please confirm again",
      "The confirmation could not be checked (the page was too old or cookies are off). Nothing"
          + " was changed. Open the link from the mail, or the inbox, again and confirm."),
  SIGN_IN_REQUIRED(
      403,
      "Sign-in required",
      "This approval must be confirmed by a signed-in user. Sign in, then confirm. Nothing was"
          + " changed."),
  NOT_ALLOWED(
      403,
      "Not allowed",
      "You are signed in, but this approval may be decided only by the people it was sent to and"
          + " the members of its groups. Nothing was changed."),
  UNKNOWN(
      404,
      "No such approval",
      "There is no such approval, or it is not yours to see. Nothing was changed."),
  BAD_CHOICE(
      400, "Unknown choice", "That is not one of this approval's choices. Nothing was changed."),
  UNAVAILABLE(
      503,
      "Please try again",
      "The decision could not be recorded just now. Nothing was changed; please try again in a"
          + " minute.");

  private final int httpStatus;
  private final String title;
  private final String explanation;

  DecisionOutcome(int httpStatus, String title, String explanation) {
    this.httpStatus = httpStatus;
    this.title = title;
    this.explanation = explanation;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String title() {
    return title;
  }

  public String explanation() {
    return explanation;
  }
}
