package io.stepwise.approvals;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.VoteRecord;
import io.stepwise.engine.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Quorum policies through mailed links: ALL, N of M and RejectQuorum with every vote in the output,
 * one vote per decider, and two racing votes that would each complete the quorum.
 */
@QuarkusTest
class QuorumPolicyTest extends ApprovalPolicyFixture {
  @Test
  void quorumAllFailsAtOnceWhenTheThirdRejectsAndTheCauseCarriesEveryVote() {
    Task task = dispatch(3, "\"Quorum\": \"ALL\"");

    assertThat(outcome(vote(link(task.to().get(0), "Approve")))).isEqualTo("VOTED");
    Response second = vote(link(task.to().get(1), "Approve"));
    assertThat(outcome(second)).isEqualTo("VOTED");
    assertThat(second.asString()).contains("Needs all 3 addressed deciders");
    assertThat(tokens.calls(task.token())).isEmpty();
    assertThat(approval(task).status()).isEqualTo(ApprovalStatus.PENDING);

    assertThat(outcome(vote(link(task.to().get(2), "Reject")))).isEqualTo("DECIDED");

    List<RecordingTaskTokens.Call> calls = tokens.calls(task.token());
    assertThat(calls).hasSize(1);
    assertThat(calls.getFirst().kind()).isEqualTo("fail");
    assertThat(calls.getFirst().error()).isEqualTo("Approval.Rejected");
    JsonNode cause = Json.parseTrusted(calls.getFirst().cause());
    assertThat(cause.get("decision").asText()).isEqualTo("Reject");
    assertThat(cause.get("decidedBy").asText()).isEqualTo(task.to().get(2));
    assertThat(cause.get("votes")).hasSize(3);
    assertThat(cause.get("votes").findValuesAsText("decision"))
        .containsExactly("Approve", "Approve", "Reject");
    assertThat(cause.get("votes").findValuesAsText("decidedBy"))
        .containsExactlyElementsOf(task.to());
    assertThat(approval(task).decision()).isEqualTo("Reject");
  }

  @Test
  void twoOfThreeSucceedsOnTheSecondEqualVoteAndEachDeciderVotesOnce() {
    Task task = dispatch(3, "\"Quorum\": 2");
    String first = link(task.to().get(0), "Approve");
    // Both of the first decider's confirm pages are open before they vote (two tabs).
    Prepared again = prepare(first);
    Prepared otherChoice = prepare(link(task.to().get(0), "Reject"));
    Prepared third = prepare(link(task.to().get(2), "Approve"));

    assertThat(outcome(vote(first))).isEqualTo("VOTED");
    // The same decider again, through the same link or the other choice: refused, nothing changes.
    assertThat(outcome(again.post())).isEqualTo("ALREADY_VOTED");
    Response other = otherChoice.post();
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(outcome(other)).isEqualTo("ALREADY_VOTED");
    Response reopened = given().redirects().follow(false).get(first);
    assertThat(outcome(reopened)).isEqualTo("ALREADY_VOTED");
    assertThat(reopened.asString()).doesNotContain("id=\"confirm-form\"");
    assertThat(tokens.calls(task.token())).isEmpty();

    assertThat(outcome(vote(link(task.to().get(1), "Approve")))).isEqualTo("DECIDED");
    assertThat(outcome(third.post())).isEqualTo("ALREADY_DECIDED");

    List<RecordingTaskTokens.Call> calls = tokens.calls(task.token());
    assertThat(calls).extracting(RecordingTaskTokens.Call::kind).containsExactly("succeed");
    JsonNode output = Json.parseTrusted(calls.getFirst().output());
    assertThat(output.get("decision").asText()).isEqualTo("Approve");
    assertThat(output.get("votes").findValuesAsText("decidedBy"))
        .containsExactly(task.to().get(0), task.to().get(1));
    assertThat(voteStore.votes(approval(task).id())).hasSize(2);
    assertThat(audits.audit(approval(task).id()))
        .extracting(AuditEntry::outcome)
        .contains("VOTED", "ALREADY_VOTED", "DECIDED", "ALREADY_DECIDED");
  }

  @Test
  void rejectQuorumWaitsForThatManyFailingVotes() {
    Task task = dispatch(3, "\"Quorum\": \"ALL\", \"RejectQuorum\": 2");

    assertThat(outcome(vote(link(task.to().get(0), "Reject")))).isEqualTo("VOTED");
    assertThat(tokens.calls(task.token())).isEmpty();
    assertThat(outcome(vote(link(task.to().get(1), "Reject")))).isEqualTo("DECIDED");
    assertThat(tokens.calls(task.token()))
        .extracting(RecordingTaskTokens.Call::error)
        .containsExactly("Approval.Rejected");
  }

  @Test
  void twoConcurrentVotesThatWouldEachCompleteTheQuorumMakeExactlyOneOutcome() throws Exception {
    for (int round = 0; round < 3; round++) {
      Task task = dispatch(3, "\"Quorum\": 2");
      assertThat(outcome(vote(link(task.to().get(0), "Approve")))).isEqualTo("VOTED");
      // Both confirm pages are open before either posts, so both posts race for the last vote.
      List<Prepared> racers =
          List.of(
              prepare(link(task.to().get(1), "Approve")),
              prepare(link(task.to().get(2), "Reject")));
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Response>> results = new ArrayList<>();
        for (Prepared p : racers) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    return p.post();
                  }));
        }
        go.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<Response> f : results) outcomes.add(outcome(f.get()));
        // Whichever came second found the approval decided: its vote is refused, not counted.
        assertThat(outcomes).containsExactlyInAnyOrder("DECIDED", "ALREADY_DECIDED");
      } finally {
        pool.shutdownNow();
      }
      assertThat(tokens.calls(task.token())).hasSize(1);
      List<VoteRecord> votes = voteStore.votes(approval(task).id());
      assertThat(votes).hasSize(2);
      JsonNode result =
          Json.parseTrusted(
              tokens.calls(task.token()).getFirst().kind().equals("succeed")
                  ? tokens.calls(task.token()).getFirst().output()
                  : tokens.calls(task.token()).getFirst().cause());
      assertThat(result.get("votes")).hasSize(2);
      assertThat(approval(task).decision()).isEqualTo(votes.get(1).decision());
    }
  }
}
