package io.stepwise.api.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * The workload of issue 19: a 1-second Wait between Pass and Choice states, and Tasks nobody
 * answers that end by their 1-second TimeoutSeconds or HeartbeatSeconds (each a tenth of the
 * starts); it counts the starts the server accepted and those it throttled.
 */
final class SoakWorkload {
  private static final String ROLE = "arn:aws:iam::123456789012:role/soak";

  private final SfnClient sfn;
  private final Map<String, String> machines = new HashMap<>();
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();

  /** Creates the workload's machines (and the activity nobody polls) on the server. */
  SoakWorkload(SfnClient sfn) {
    this.sfn = sfn;
    String activity = sfn.createActivity(b -> b.name("soak-unanswered")).activityArn();
    machines.put(
        "wait",
        machine(
            "soak-wait",
            "{\"StartAt\":\"Prepare\",\"States\":{\"Prepare\":{\"Type\":\"Pass\",\"Result\":{\"n\":1},"
                + "\"Next\":\"Check\"},\"Check\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":"
                + "\"$.n\",\"NumericEquals\":1,\"Next\":\"Wait\"}],\"Default\":\"Done\"},"
                + "\"Wait\":{\"Type\":\"Wait\",\"Seconds\":1,\"Next\":\"Done\"},"
                + "\"Done\":{\"Type\":\"Pass\",\"End\":true}}}"));
    machines.put("timeout", unanswered("soak-timeout", activity, "\"TimeoutSeconds\":1"));
    machines.put(
        "heartbeat",
        unanswered(
            "soak-heartbeat",
            "arn:aws:lambda:us-east-1:123456789012:function:soak-unanswered",
            "\"TimeoutSeconds\":60,\"HeartbeatSeconds\":1"));
  }

  /** One start of a machine of the mix; false when it was throttled. */
  boolean startOne() {
    int pick = ThreadLocalRandom.current().nextInt(10);
    String machine = machines.get(pick == 0 ? "timeout" : pick == 1 ? "heartbeat" : "wait");
    try {
      sfn.startExecution(b -> b.stateMachineArn(machine));
      accepted.incrementAndGet();
      return true;
    } catch (SfnException e) {
      if (e.isThrottlingException()) {
        throttled.incrementAndGet();
        return false;
      }
      throw e;
    }
  }

  /** A Task nobody answers, caught when its timeout or heartbeat fires. */
  private String unanswered(String name, String resource, String timeouts) {
    return machine(
        name,
        "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":\""
            + resource
            + "\","
            + timeouts
            + ",\"Catch\":[{\"ErrorEquals\":[\"States.Timeout\"],\"Next\":\"Done\"}],"
            + "\"End\":true},\"Done\":{\"Type\":\"Pass\",\"End\":true}}}");
  }

  private String machine(String name, String definition) {
    return sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(ROLE))
        .stateMachineArn();
  }
}
