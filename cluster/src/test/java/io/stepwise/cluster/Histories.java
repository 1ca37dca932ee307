package io.stepwise.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** Reads an execution's history and checks that it is complete and has no duplicated step. */
final class Histories {
  private Histories() {}

  /** What one history showed. */
  record Checked(int events, int stateEntries, int taskRetries, int taskTimeouts) {}

  static List<HistoryEvent> read(SfnClient sfn, String arn) {
    List<HistoryEvent> events = new ArrayList<>();
    sfn.getExecutionHistoryPaginator(b -> b.executionArn(arn).maxResults(1000))
        .forEach(page -> events.addAll(page.events()));
    return events;
  }

  /**
   * Dense event ids from 1; one ExecutionStarted first and one ExecutionSucceeded last; every state
   * entered exactly once; each task scheduled once plus once per failed or timed-out attempt that
   * its Retry explains (and then with the error a Retry names), and succeeded exactly once.
   */
  static Checked checkSucceededOnce(String arn, List<HistoryEvent> events, Set<String> retried) {
    String history = arn + " " + events.stream().map(e -> e.id() + ":" + e.typeAsString()).toList();
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).id()).as("dense event ids in " + history).isEqualTo(i + 1L);
    }
    assertThat(events.getFirst().type()).as(history).isEqualTo(HistoryEventType.EXECUTION_STARTED);
    assertThat(events.getLast().type()).as(history).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
    Map<HistoryEventType, Integer> counts = new HashMap<>();
    Map<String, Integer> entered = new HashMap<>();
    int stateEntries = 0;
    for (HistoryEvent e : events) {
      counts.merge(e.type(), 1, Integer::sum);
      if (e.stateEnteredEventDetails() != null) {
        entered.merge(e.stateEnteredEventDetails().name(), 1, Integer::sum);
        stateEntries++;
      }
      if (e.type() == HistoryEventType.LAMBDA_FUNCTION_TIMED_OUT) {
        assertThat(e.lambdaFunctionTimedOutEventDetails().error()).as(history).isIn(retried);
      }
      if (e.type() == HistoryEventType.LAMBDA_FUNCTION_FAILED) {
        assertThat(e.lambdaFunctionFailedEventDetails().error()).as(history).isIn(retried);
      }
    }
    assertThat(counts.get(HistoryEventType.EXECUTION_STARTED)).as(history).isEqualTo(1);
    assertThat(counts.get(HistoryEventType.EXECUTION_SUCCEEDED)).as(history).isEqualTo(1);
    assertThat(entered.values()).as("each state entered once: " + history).containsOnly(1);
    int timeouts = counts.getOrDefault(HistoryEventType.LAMBDA_FUNCTION_TIMED_OUT, 0);
    int failures = counts.getOrDefault(HistoryEventType.LAMBDA_FUNCTION_FAILED, 0);
    int activityTimeouts = counts.getOrDefault(HistoryEventType.ACTIVITY_TIMED_OUT, 0);
    int activityFailures = counts.getOrDefault(HistoryEventType.ACTIVITY_FAILED, 0);
    int lambdas = counts.getOrDefault(HistoryEventType.LAMBDA_FUNCTION_SCHEDULED, 0);
    int activities = counts.getOrDefault(HistoryEventType.ACTIVITY_SCHEDULED, 0);
    if (lambdas > 0) {
      assertThat(counts.get(HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED))
          .as("one success per task: " + history)
          .isEqualTo(taskStates(events));
      assertThat(lambdas)
          .as("scheduled once plus once per retried attempt: " + history)
          .isEqualTo(taskStates(events) + timeouts + failures);
    }
    if (activities > 0) {
      assertThat(counts.get(HistoryEventType.ACTIVITY_SUCCEEDED))
          .as("one success per task: " + history)
          .isEqualTo(taskStates(events));
      assertThat(activities)
          .as("scheduled once plus once per retried attempt: " + history)
          .isEqualTo(taskStates(events) + activityTimeouts + activityFailures);
      assertThat(counts.get(HistoryEventType.ACTIVITY_STARTED))
          .as("started once per attempt: " + history)
          .isEqualTo(activities - activityTimeoutsBeforeStart(events));
    }
    return new Checked(
        events.size(),
        stateEntries,
        timeouts + failures + activityTimeouts + activityFailures,
        timeouts + activityTimeouts);
  }

  private static int taskStates(List<HistoryEvent> events) {
    return (int)
        events.stream().filter(e -> e.type() == HistoryEventType.TASK_STATE_ENTERED).count();
  }

  /** Activity attempts that timed out before any worker claimed them have no ActivityStarted. */
  private static int activityTimeoutsBeforeStart(List<HistoryEvent> events) {
    int n = 0;
    boolean started = false;
    for (HistoryEvent e : events) {
      switch (e.type()) {
        case ACTIVITY_SCHEDULED -> started = false;
        case ACTIVITY_STARTED -> started = true;
        case ACTIVITY_TIMED_OUT -> {
          if (!started) n++;
        }
        default -> {}
      }
    }
    return n;
  }
}
