package io.stepwise.api.approvals;

import io.stepwise.approvals.decision.ConfirmPages;
import io.stepwise.approvals.policy.ApprovalPolicy;
import io.stepwise.approvals.policy.Quorum;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.VoteStore;
import io.stepwise.web.execution.ExecutionNote;
import io.stepwise.web.execution.ExecutionNotes;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The seam between web-ui and approvals, which know nothing of each other: the execution page's
 * notes ({@link ExecutionNotes}) show the approvals an execution waits for, each linking to the
 * inbox filtered to that execution (where a decider decides), and say how many ended. Reads the
 * store the server narrows to the caller's teams.
 */
@ApplicationScoped
public class ApprovalNotes implements ExecutionNotes {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final ApprovalStore store;
  private final VoteStore votes;
  private final ConfirmPages pages;

  public ApprovalNotes(ApprovalStore store, VoteStore votes, ConfirmPages pages) {
    this.store = store;
    this.votes = votes;
    this.pages = pages;
  }

  @Override
  public List<ExecutionNote> notes(String executionArn) {
    List<ApprovalRecord> approvals = store.approvalsOfExecution(executionArn);
    if (approvals.isEmpty()) return List.of();
    String inbox =
        "/approvals/inbox?execution=" + URLEncoder.encode(executionArn, StandardCharsets.UTF_8);
    List<ExecutionNote> notes = new ArrayList<>();
    long ended = 0;
    for (ApprovalRecord a : approvals) {
      if (a.status() != ApprovalStatus.PENDING) {
        ended++;
        continue;
      }
      notes.add(
          new ExecutionNote(
              "approval-pending",
              "Waiting for a decision in state "
                  + a.stateName()
                  + ": "
                  + a.subject()
                  + " (asked: "
                  + asked(a)
                  + "; open until "
                  + WHEN.format(a.expiresAt())
                  + ")"
                  + votes(a)
                  + waiting(a),
              "Who decides, and how: the approvals inbox",
              inbox));
    }
    if (ended > 0) {
      notes.add(
          new ExecutionNote(
              "approval-ended",
              ended + (ended == 1 ? " approval" : " approvals") + " of this execution ended",
              "Who decided what",
              inbox));
    }
    return notes;
  }

  /** With several deciders: how many votes it needs and who voted what so far. */
  private String votes(ApprovalRecord a) {
    ApprovalPolicy p = a.policy();
    if (p.quorum().kind() == Quorum.Kind.ANY && p.rejectQuorum() == 1) return "";
    List<String> cast =
        votes.votes(a.id()).stream().map(v -> v.decidedBy() + ": " + v.decision()).toList();
    return "; needs "
        + p.quorum().describe(a.recipients().size())
        + "; votes so far: "
        + (cast.isEmpty() ? "none" : String.join(", ", cast));
  }

  /**
   * Whether it was escalated, who has not decided yet and when the next reminder or escalation goes
   * out.
   */
  private String waiting(ApprovalRecord a) {
    String escalated =
        a.escalationsDone() == 0
            ? ""
            : ". Escalated "
                + a.escalationsDone()
                + (a.escalationsDone() == 1 ? " time" : " times")
                + " (the inbox's audit says who was added)";
    String waiting = pages.waiting(a);
    return escalated + (waiting == null ? "" : ". " + waiting);
  }

  /** Who was asked to decide: the To addresses and the groups. */
  private static String asked(ApprovalRecord a) {
    List<String> who = new ArrayList<>(a.recipients());
    a.groups().forEach(g -> who.add("group " + g));
    return String.join(", ", who);
  }
}
