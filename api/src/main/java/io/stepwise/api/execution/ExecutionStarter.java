package io.stepwise.api.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.protocol.Arns;
import io.stepwise.api.protocol.AwsError;
import io.stepwise.api.protocol.Names;
import io.stepwise.api.runtime.NestedExecutions;
import io.stepwise.api.runtime.NewExecution;
import io.stepwise.api.runtime.PgExecutionSteps;
import io.stepwise.api.runtime.TestCaseMocks;
import io.stepwise.api.statemachine.PgStateMachines;
import io.stepwise.api.statemachine.PgVersions;
import io.stepwise.api.statemachine.StateMachine;
import io.stepwise.engine.asl.Resource;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Starts executions for StartExecution, the services and nested {@code states:startExecution}
 * tasks: resolves the target (a machine, a version, an alias routing by weight, an optional {@code
 * #TestCase} suffix), checks name and input as AWS does, and hands Standard executions to the
 * durable runtime and Express ones to {@link ExpressExecutions}.
 */
@ApplicationScoped
public class ExecutionStarter implements NestedExecutions {
  /** AWS's limit on an input: 256 KiB. */
  static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  private final PgStateMachines machines;
  private final PgVersions versions;
  private final PgExecutionSteps steps;
  private final ExpressExecutions express;
  private final TestCaseMocks mocks;
  private final Database db;
  private final Arns arns;
  private final SecureRandom random = new SecureRandom();

  public ExecutionStarter(
      PgStateMachines machines,
      PgVersions versions,
      PgExecutionSteps steps,
      ExpressExecutions express,
      TestCaseMocks mocks,
      Database db,
      Arns arns) {
    this.machines = machines;
    this.versions = versions;
    this.steps = steps;
    this.express = express;
    this.mocks = mocks;
    this.db = db;
    this.arns = arns;
  }

  /** What an ARN given to StartExecution resolved to. */
  public record Target(
      StateMachine machine,
      String definition,
      String versionArn,
      String aliasArn,
      String testCase) {
    String roleArn() {
      return machine.roleArn();
    }
  }

  /** A started execution (Standard: durable; Express: running in memory). */
  public record Start(String executionArn, Instant startDate, ExecutionSnapshot express) {}

  /** Resolves a machine, version or alias ARN, with an optional {@code #TestCase}. */
  public Target resolve(String arn) {
    if (arn == null) throw AwsError.invalidArn("null");
    String testCase = null;
    int hash = arn.indexOf('#');
    if (hash >= 0) {
      testCase = arn.substring(hash + 1);
      arn = arn.substring(0, hash);
    }
    Arns.Qualified q = arns.qualifiedStateMachine(arn);
    StateMachine m =
        machines
            .find(q.machineArn())
            .orElseThrow(
                () ->
                    new AwsError(
                        "StateMachineDoesNotExist",
                        "State Machine Does Not Exist: '" + q.machineArn() + "'"));
    if (testCase != null) {
      if (!mocks.configured()) {
        throw AwsError.validation(
            "A test case was named but no mock configuration is set (STEPWISE_MOCK_CONFIG)");
      }
      try {
        mocks.check(m.name(), testCase);
      } catch (IllegalArgumentException e) {
        throw AwsError.validation("Invalid test case: " + e.getMessage());
      }
    }
    if (q.qualifier() == null) return new Target(m, m.definition(), null, null, testCase);
    String versionArn = q.machineArn() + ":" + q.qualifier();
    String aliasArn = null;
    if (!q.qualifier().chars().allMatch(Character::isDigit)) {
      aliasArn = versionArn;
      PgVersions.Alias alias =
          versions
              .alias(aliasArn)
              .orElseThrow(
                  () ->
                      new AwsError(
                          "ResourceNotFound", "Resource Not Found: '" + q.fullArn() + "'"));
      versionArn = route(alias);
    }
    String finalVersion = versionArn;
    PgVersions.Version v =
        versions
            .version(versionArn)
            .orElseThrow(
                () ->
                    new AwsError(
                        "StateMachineDoesNotExist",
                        "State Machine Does Not Exist: '" + finalVersion + "'"));
    StateMachine asVersion =
        new StateMachine(
            m.arn(),
            m.name(),
            m.type(),
            v.definition(),
            v.roleArn(),
            v.description(),
            m.loggingConfiguration(),
            m.tracingConfiguration(),
            v.revisionId(),
            m.createdAt(),
            m.updatedAt());
    return new Target(asVersion, v.definition(), versionArn, aliasArn, testCase);
  }

  /** Picks a version of the alias's routing by weight. */
  private String route(PgVersions.Alias alias) {
    JsonNode routing = Json.parseTrusted(alias.routing());
    int total = 0;
    for (JsonNode r : routing) total += r.path("weight").asInt();
    int pick = total <= 0 ? 0 : random.nextInt(total);
    for (JsonNode r : routing) {
      pick -= r.path("weight").asInt();
      if (pick < 0) return r.path("stateMachineVersionArn").asText();
    }
    return routing.get(0).path("stateMachineVersionArn").asText();
  }

  /** Parses an input as AWS does: at most 256 KiB of JSON. */
  public static JsonNode input(String text) {
    if (text == null) text = "{}";
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      throw AwsError.validation(
          "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must"
              + " have length less than or equal to 262144");
    }
    try {
      return Json.parse(text);
    } catch (JsonProcessingException e) {
      throw new AwsError(
          "InvalidExecutionInput",
          "Invalid State Machine Execution Input: '" + e.getOriginalMessage() + "'");
    }
  }

  /** A fresh snapshot for the target, named or with a generated name. */
  public ExecutionSnapshot snapshot(Target t, String name, JsonNode input, boolean expressRun) {
    String executionName = Names.check(name == null ? UUID.randomUUID().toString() : name);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    StateMachine m = t.machine();
    String arn =
        expressRun
            ? arns.expressExecution(m.name(), executionName, UUID.randomUUID().toString())
            : arns.execution(m.name(), executionName);
    ExecutionSnapshot s =
        ExecutionSnapshot.create(
            arn, executionName, m.arn(), m.name(), m.roleArn(), input, now, random.nextLong());
    s.stateMachineVersionArn = t.versionArn();
    s.stateMachineAliasArn = t.aliasArn();
    return s;
  }

  /** StartExecution: Standard executions are durable, Express ones run in memory. */
  public Start start(
      String targetArn, String name, String inputText, String parentArn, String parentToken) {
    return start(targetArn, name, inputText, parentArn, parentToken, end -> {});
  }

  /**
   * StartExecution, with what to do when an Express execution ends (a parent's {@code .sync} task
   * is answered then; a durable child answers its parent through its own last step).
   */
  private Start start(
      String targetArn,
      String name,
      String inputText,
      String parentArn,
      String parentToken,
      Consumer<ExecutionSnapshot> onExpressEnd) {
    Target t = resolve(targetArn);
    JsonNode input = input(inputText);
    if (t.machine().type() == StateMachineType.EXPRESS) {
      ExecutionSnapshot s = snapshot(t, name, input, true);
      express.runAsync(t.definition(), s, onExpressEnd);
      return new Start(s.executionArn, s.startTime, s);
    }
    ExecutionSnapshot s = snapshot(t, name, input, false);
    PgExecutionSteps.Started started =
        steps.start(
            new NewExecution(
                s,
                t.definition(),
                "STANDARD",
                parentArn,
                parentToken,
                null,
                t.versionArn(),
                t.aliasArn(),
                t.testCase()));
    return new Start(started.executionArn(), started.startDate(), null);
  }

  /**
   * A {@code states:startExecution} task: the nested execution is named by the task's Name or after
   * the token, so a repeated effect finds the one it started (StartExecution's idempotency).
   */
  @Override
  public void start(String parentArn, Command.DispatchTask task) {
    Signal answer = startNested(parentArn, task);
    if (answer != null) steps.signal(parentArn, answer);
  }

  /**
   * Starts the nested execution a task asks for; returns the task's answer, or null when the task
   * waits for the child's end ({@code .sync}) or for a callback ({@code .waitForTaskToken}).
   */
  Signal startNested(String parentArn, Command.DispatchTask task) {
    JsonNode p = task.input();
    Resource.Pattern pattern = task.resource().pattern();
    String token = task.taskToken();
    Signal answer;
    try {
      String target = p.path("StateMachineArn").asText(null);
      if (target == null) throw AwsError.validation("StateMachineArn is required");
      JsonNode in = p.path("Input");
      String inputText = in.isMissingNode() ? "{}" : in.isTextual() ? in.asText() : Json.write(in);
      String name = p.path("Name").asText(null);
      if (name == null) {
        name = UUID.nameUUIDFromBytes(token.getBytes(StandardCharsets.UTF_8)).toString();
      }
      boolean sync = pattern == Resource.Pattern.SYNC || pattern == Resource.Pattern.SYNC2;
      Start started =
          start(
              target,
              name,
              inputText,
              parentArn,
              sync ? token : null,
              end -> {
                // An Express child keeps no row: its end answers the parent's .sync task here.
                if (!sync) return;
                steps.signal(
                    parentArn,
                    NestedExecutions.endSignal(
                        token, pattern.name(), NestedExecutions.ChildEnd.of(end)));
              });
      if (sync && started.express() != null) {
        // An Express child lives in this server's memory only: the task keeps the server's lease
        // a little longer than an Express execution may run, so that if this server dies the
        // recovery sweep starts the child again (Express is at-least-once).
        db.query(
            "UPDATE tasks SET lease_until = now() + make_interval(secs => $2) WHERE token = $1"
                + " AND state = 'CLAIMED'",
            token,
            (double) express.maxDuration().plusSeconds(10).toSeconds());
        answer = null;
      } else if (sync) {
        db.query(
            "UPDATE tasks SET lease_owner = 'child', lease_until = 'infinity', child_arn = $2"
                + " WHERE token = $1 AND state = 'CLAIMED'",
            token,
            started.executionArn());
        answer = null;
      } else if (pattern == Resource.Pattern.WAIT_FOR_TASK_TOKEN) {
        db.query(
            "UPDATE tasks SET lease_owner = 'child', lease_until = 'infinity' WHERE token = $1"
                + " AND state = 'CLAIMED'",
            token);
        answer = null;
      } else {
        ObjectNode out = Json.object();
        out.put("ExecutionArn", started.executionArn());
        out.put("StartDate", started.startDate().toEpochMilli());
        answer = new Signal.TaskSucceeded(token, out);
      }
    } catch (AwsError e) {
      answer =
          new Signal.TaskFailed(token, "StepFunctions." + e.type() + "Exception", e.getMessage());
    }
    return answer;
  }
}
