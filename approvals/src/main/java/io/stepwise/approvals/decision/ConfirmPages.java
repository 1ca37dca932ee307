package io.stepwise.approvals.decision;

import io.stepwise.approvals.ApprovalsConfig;
import io.stepwise.approvals.store.ApprovalRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Builds the decision pages' views and the links on them (execution, sign-in). */
@ApplicationScoped
public class ConfirmPages {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final ApprovalsConfig config;

  @Inject
  public ConfirmPages(ApprovalsConfig config) {
    this.config = config;
  }

  /** A page about a reference that names no approval we know. */
  public ConfirmPage bare(DecisionOutcome outcome) {
    return new ConfirmPage(
        outcome, null, null, null, null, null, null, null, null, null, false, null, null, null,
        null, null, null, null);
  }

  /**
   * The page about one approval and choice.
   *
   * @param recipient the link's recipient, or null from the inbox
   * @param good until when the choice can be made (the link's or the approval's end)
   * @param here this page's path, to come back to after signing in
   */
  public ConfirmPage page(
      DecisionOutcome outcome,
      ApprovalRecord a,
      String choice,
      String recipient,
      Instant good,
      Actor actor,
      String here) {
    return new ConfirmPage(
        outcome,
        a.subject(),
        a.message(),
        choice,
        a.failOn().get(choice),
        a.executionArn(),
        executionLink(a.executionArn()),
        a.stateName(),
        recipient,
        when(good),
        a.allowComment(),
        a.decision(),
        a.decidedBy(),
        when(a.decidedAt()),
        a.comment(),
        actor.user(),
        here == null ? null : config.signInLink().replace("{next}", encode(here)),
        null);
  }

  /** The execution's page in the web UI. */
  public String executionLink(String executionArn) {
    return config.executionLink().replace("{arn}", encode(executionArn));
  }

  /** An instant as the pages show it; empty for none. */
  public static String when(Instant at) {
    return at == null ? "" : WHEN.format(at);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
