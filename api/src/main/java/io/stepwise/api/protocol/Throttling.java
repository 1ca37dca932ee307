package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stepwise.api.arn.Arn;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.ops.Meters;
import io.stepwise.api.quota.Quotas;
import io.stepwise.api.runtime.NodeLoad;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Whether the API takes a call now, asked before the call is served: AWS answers {@code
 * ThrottlingException} (HTTP 400, "Rate exceeded"), which every AWS SDK retries with back-off, in
 * two cases.
 *
 * <ul>
 *   <li><b>Quotas</b> ({@link Quotas}): the call takes a token of its action's bucket, which
 *       belongs to the caller's team (a key of team A spends team A's tokens, so it cannot empty
 *       team B's); a caller of no team spends the account's. A start is refused too while the state
 *       transitions of the started machine's team are spent.
 *   <li><b>Backpressure</b> ({@link NodeLoad}): while this node cannot advance what it has (due
 *       timers late, steps queued, the pool saturated), calls that add work (StartExecution,
 *       StartSyncExecution, SendTaskSuccess, SendTaskFailure) are refused rather than accepted to
 *       run late. A heartbeat adds no step worth refusing, and refusing it would time its task out.
 * </ul>
 */
@ApplicationScoped
public class Throttling {
  private static final Logger LOG = Logger.getLogger(Throttling.class);

  /** The calls that add steps for the node to take. */
  private static final Set<String> ADD_WORK =
      Set.of("StartExecution", "StartSyncExecution", "SendTaskSuccess", "SendTaskFailure");

  /** The calls that start an execution, and the member naming what they start. */
  private static final Set<String> STARTS = Set.of("StartExecution", "StartSyncExecution");

  private final Quotas quotas;
  private final NodeLoad load;
  private final Authorizer authorizer;
  private final MeterRegistry registry;
  private final Map<String, Counter> throttled = new ConcurrentHashMap<>();

  public Throttling(Quotas quotas, NodeLoad load, Authorizer authorizer, MeterRegistry registry) {
    this.quotas = quotas;
    this.load = load;
    this.authorizer = authorizer;
    this.registry = registry;
  }

  /** Refuses the call with ThrottlingException when it must wait; else it may be served. */
  void admit(String action, Caller caller, JsonNode body) {
    if (ADD_WORK.contains(action)) {
      var reason = load.overloaded();
      if (reason.isPresent()) {
        LOG.debugf("%s throttled: %s", action, reason.get());
        throw throttled(action, "overload");
      }
    }
    if (STARTS.contains(action) && !quotas.hasToken(machineHolder(body), Quotas.STATE_TRANSITION)) {
      throw throttled(action, "state-transitions");
    }
    if (!quotas.take(Quotas.holderOf(caller.teams()), action)) throw throttled(action, "quota");
  }

  /** The quota holder of the machine a start names: its team, or the account. */
  private String machineHolder(JsonNode body) {
    JsonNode member = body.get("stateMachineArn");
    if (member == null || !member.isTextual()) return Quotas.ACCOUNT;
    return Arn.parse(member.asText())
        .flatMap(authorizer::teamOf)
        .map(Quotas::holderOfTeam)
        .orElse(Quotas.ACCOUNT);
  }

  private AwsError throttled(String action, String reason) {
    throttled
        .computeIfAbsent(
            action + "/" + reason,
            k ->
                Meters.counter(
                    registry,
                    "stepwise.api.throttled",
                    "Calls answered ThrottlingException on this node, by why",
                    "action",
                    action,
                    "reason",
                    reason))
        .increment();
    return new AwsError("ThrottlingException", "Rate exceeded");
  }
}
