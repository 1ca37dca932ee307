package io.stepwise.approvals.decision;

import io.stepwise.approvals.ApprovalsConfig;
import io.stepwise.approvals.policy.ApprovalPolicy;
import io.stepwise.approvals.policy.Quorum;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.VoteRecord;
import io.stepwise.approvals.store.VoteStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds the decision pages' views and the links on them (execution, sign-in). */
@ApplicationScoped
public class ConfirmPages {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final ApprovalsConfig config;
  private final VoteStore store;

  @Inject
  public ConfirmPages(ApprovalsConfig config, VoteStore store) {
    this.config = config;
    this.store = store;
  }

  /** A page about a reference that names no approval we know. */
  public ConfirmPage bare(DecisionOutcome outcome) {
    return new ConfirmPage(
        outcome, null, null, null, null, null, null, null, null, null, false, null, null, null,
        null, null, null, null, List.of(), List.of(), null, null, null);
  }

  /**
   * The page about one approval and choice.
   *
   * @param recipient the link's recipient, or null from the inbox
   * @param good until when the choice can be made (the link's or the approval's end)
   * @param here this page's path, to come back to after signing in
   * @param posted the form as last posted (shown again), empty for none
   */
  public ConfirmPage page(
      DecisionOutcome outcome,
      ApprovalRecord a,
      String choice,
      String recipient,
      Instant good,
      Actor actor,
      String here,
      Map<String, String> posted) {
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
        null,
        FieldView.of(a.policy(), "c", posted, Map.of()),
        votes(a),
        quorum(a),
        null,
        a.policy().allowDelegation() && recipient != null && here != null
            ? here + "/delegate"
            : null);
  }

  /** The page again with what is wrong with the posted form. */
  public ConfirmPage withErrors(ConfirmPage page, Map<String, String> errors) {
    return page.withForm(
        page.form().stream().map(f -> f.withError(errors.get(f.field().name()))).toList());
  }

  /** Who voted what so far, one line each. */
  List<String> votes(ApprovalRecord a) {
    return store.votes(a.id()).stream()
        .map(v -> v.decidedBy() + ": " + v.decision() + " (" + when(v.decidedAt()) + ")")
        .toList();
  }

  /**
   * Who of the addressed deciders has not decided yet, and when the next reminder or escalation
   * happens: what the inbox and the execution page show of a pending approval.
   */
  public String waiting(ApprovalRecord a) {
    if (a.status() != ApprovalStatus.PENDING) return null;
    Set<String> voted =
        store.votes(a.id()).stream().map(VoteRecord::voter).collect(Collectors.toSet());
    List<String> still =
        a.recipients().stream()
            .filter(r -> !voted.contains(r.strip().toLowerCase(Locale.ROOT)))
            .toList();
    StringBuilder text = new StringBuilder();
    if (!still.isEmpty()) text.append("Still asked: ").append(String.join(", ", still)).append('.');
    Instant next = ApprovalTimers.next(a);
    if (next != null) {
      if (!text.isEmpty()) text.append(' ');
      text.append("Next reminder or escalation: ").append(when(next)).append('.');
    }
    return text.isEmpty() ? null : text.toString();
  }

  /** What decides the approval, when more than one vote does (null otherwise). */
  static String quorum(ApprovalRecord a) {
    ApprovalPolicy p = a.policy();
    boolean several = p.quorum().kind() != Quorum.Kind.ANY || p.rejectQuorum() > 1;
    if (!several) return null;
    String failing =
        a.failOn().isEmpty()
            ? ""
            : p.rejectQuorum() == 1
                ? "; a failing choice ("
                    + String.join(", ", a.failOn().keySet())
                    + ") ends it at once"
                : "; " + p.rejectQuorum() + " votes for a failing choice end it";
    return "Needs "
        + p.quorum().describe(a.recipients().size())
        + " choosing the same"
        + failing
        + ".";
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
