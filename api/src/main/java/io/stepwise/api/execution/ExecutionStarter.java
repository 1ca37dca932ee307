package io.stepwise.api.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.arn.Arn;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.persistence.TaskTable;
import io.stepwise.api.runtime.NestedExecutions;
import io.stepwise.api.runtime.NewExecution;
import io.stepwise.api.runtime.PgExecutionSteps;
import io.stepwise.api.runtime.StepTransactions;
import io.stepwise.api.runtime.TestCaseMocks;
import io.stepwise.api.service.Names;
import io.stepwise.api.service.Validation;
import io.stepwise.api.statemachine.PgStateMachines;
import io.stepwise.api.statemachine.StateMachine;
import io.stepwise.api.statemachine.store.PgVersions;
import io.stepwise.engine.asl.Resource;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.AwsLimits;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Starts executions for the {@link Executions} service and nested {@code states:startExecution}
 * tasks: resolves the target (a machine, a version, an alias routing by weight, an optional {@code
 * #TestCase} suffix), checks name and input as AWS does, and hands Standard executions to the
 * durable runtime and Express ones to {@link ExpressExecutions}. A caller's start is authorized by
 * the service, on the target's ARN, before it is resolved; a definition's start here: it reaches no
 * further than its own machine's team.
 */
@ApplicationScoped
public class ExecutionStarter implements NestedExecutions {
  private final PgStateMachines machines;
  private final PgVersions versions;
  private final PgExecutionSteps steps;
  private final ExpressExecutions express;
  private final TestCaseMocks mocks;
  private final TaskTable tasks;
  private final Arns arns;
  private final Authorizer authorizer;
  private final SecureRandom random = new SecureRandom();

  public ExecutionStarter(
      PgStateMachines machines,
      PgVersions versions,
      PgExecutionSteps steps,
      ExpressExecutions express,
      TestCaseMocks mocks,
      TaskTable tasks,
      Arns arns,
      Authorizer authorizer) {
    this.machines = machines;
    this.versions = versions;
    this.steps = steps;
    this.express = express;
    this.mocks = mocks;
    this.tasks = tasks;
    this.arns = arns;
    this.authorizer = authorizer;
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

  /**
   * A started execution (Standard: durable; Express: running in memory); {@code created} false when
   * a repeated start with the same name and input found the running one (AWS's idempotency).
   */
  public record Start(
      String executionArn, Instant startDate, ExecutionSnapshot express, boolean created) {}

  /**
   * What StartExecution names: a machine, version or alias, and the {@code #TestCase} of a mock
   * configuration (or null).
   */
  public record TargetName(Arn arn, String testCase) {}

  /** Reads a machine, version or alias ARN with an optional {@code #TestCase}; InvalidArn else. */
  public TargetName name(String text) {
    if (text == null) throw Arns.invalid("null");
    int hash = text.indexOf('#');
    String arn = hash >= 0 ? text.substring(0, hash) : text;
    return new TargetName(
        arns.require(arn, Arn.Kind.STATE_MACHINE, Arn.Kind.VERSION, Arn.Kind.ALIAS),
        hash >= 0 ? text.substring(hash + 1) : null);
  }

  /** Resolves what StartExecution names to the machine (or version) to run. */
  public Target resolve(TargetName name) {
    Arn arn = name.arn();
    String machineArn = arn.stateMachine().toString();
    String testCase = name.testCase();
    StateMachine m =
        machines
            .find(machineArn)
            .orElseThrow(
                () ->
                    new ServiceException(
                        "StateMachineDoesNotExist",
                        "State Machine Does Not Exist: '" + machineArn + "'"));
    if (testCase != null) {
      if (!mocks.configured()) {
        throw Validation.failed(
            "A test case was named but no mock configuration is set (STEPWISE_MOCK_CONFIG)");
      }
      try {
        mocks.check(m.name(), testCase);
      } catch (IllegalArgumentException e) {
        throw Validation.failed("Invalid test case: " + e.getMessage());
      }
    }
    if (arn.kind() == Arn.Kind.STATE_MACHINE) {
      return new Target(m, m.definition(), null, null, testCase);
    }
    String versionArn = arn.toString();
    String aliasArn = null;
    if (arn.kind() == Arn.Kind.ALIAS) {
      aliasArn = versionArn;
      PgVersions.Alias alias =
          versions
              .alias(aliasArn)
              .orElseThrow(
                  () ->
                      new ServiceException(
                          "ResourceNotFound", "Resource Not Found: '" + arn + "'"));
      versionArn = route(alias);
    }
    String finalVersion = versionArn;
    PgVersions.Version v =
        versions
            .version(versionArn)
            .orElseThrow(
                () ->
                    new ServiceException(
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
    if (AwsLimits.payloadTooLarge(text)) {
      throw Validation.tooLong("input", AwsLimits.PAYLOAD_BYTES);
    }
    try {
      return Json.parse(text);
    } catch (JsonProcessingException e) {
      throw new ServiceException(
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
        (expressRun
                ? arns.expressExecution(m.name(), executionName, UUID.randomUUID().toString())
                : arns.execution(m.name(), executionName))
            .toString();
    return ExecutionSnapshot.create(
            arn, executionName, m.arn(), m.name(), m.roleArn(), input, now, random.nextLong())
        .startedThrough(t.versionArn(), t.aliasArn());
  }

  /** StartExecution: Standard executions are durable, Express ones run in memory. */
  public Start start(Target target, String name, String inputText) {
    return start(target, name, inputText, List.of());
  }

  /**
   * StartExecution by someone: {@code startedBy} (name, verified address) is recorded with a
   * Standard execution, for approvals that keep the starter from deciding.
   */
  public Start start(Target target, String name, String inputText, List<String> startedBy) {
    return start(target, name, inputText, null, null, startedBy, end -> {});
  }

  /**
   * StartExecution, with what to do when an Express execution ends (a parent's {@code .sync} task
   * is answered then; a durable child answers its parent through its own last step).
   */
  private Start start(
      Target t,
      String name,
      String inputText,
      String parentArn,
      String parentToken,
      List<String> startedBy,
      Consumer<ExecutionSnapshot> onExpressEnd) {
    JsonNode input = input(inputText);
    if (t.machine().type() == StateMachineType.EXPRESS) {
      ExecutionSnapshot s = snapshot(t, name, input, true);
      express.runAsync(t.definition(), s, onExpressEnd);
      return new Start(s.executionArn(), s.startTime(), s, true);
    }
    ExecutionSnapshot s = snapshot(t, name, input, false);
    StepTransactions.Started started =
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
                t.testCase(),
                startedBy));
    return new Start(started.executionArn(), started.startDate(), null, started.created());
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
      if (target == null) throw Validation.failed("StateMachineArn is required");
      TargetName targetName = name(target);
      Arn parent = Arn.parse(parentArn).orElseThrow(() -> Arns.invalid(parentArn));
      authorizer.requireNestedStart(parent, targetName.arn());
      JsonNode in = p.path("Input");
      String inputText = in.isMissingNode() ? "{}" : in.isTextual() ? in.asText() : Json.write(in);
      String name = p.path("Name").asText(null);
      if (name == null) {
        name = UUID.nameUUIDFromBytes(token.getBytes(StandardCharsets.UTF_8)).toString();
      }
      boolean sync = pattern == Resource.Pattern.SYNC || pattern == Resource.Pattern.SYNC2;
      Start started =
          start(
              resolve(targetName),
              name,
              inputText,
              parentArn,
              sync ? token : null,
              null,
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
        tasks.holdForExpressChild(token, express.maxDuration().plusSeconds(10).toSeconds());
        answer = null;
      } else if (sync) {
        tasks.linkChild(token, started.executionArn());
        answer = null;
      } else if (pattern == Resource.Pattern.WAIT_FOR_TASK_TOKEN) {
        tasks.holdForCallback(token);
        answer = null;
      } else {
        ObjectNode out = Json.object();
        out.put("ExecutionArn", started.executionArn());
        out.put("StartDate", started.startDate().toEpochMilli());
        answer = new Signal.TaskSucceeded(token, out);
      }
    } catch (ServiceException e) {
      // AWS names a service integration's errors by the exception: StepFunctions.<Name>Exception.
      String exception = e.code().endsWith("Exception") ? e.code() : e.code() + "Exception";
      answer = new Signal.TaskFailed(token, "StepFunctions." + exception, e.getMessage());
    }
    return answer;
  }
}
