package io.stepwise.api.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.protocol.Arns;
import io.stepwise.api.protocol.AwsError;
import io.stepwise.api.protocol.PageToken;
import io.stepwise.api.protocol.Request;
import io.stepwise.api.runtime.Definitions;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.engine.service.StateMachineService;
import io.stepwise.engine.service.StateMachineSummary;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The {@link StateMachineService} of the server, for the web UI and approvals: creates and updates
 * go through the same action code as CreateStateMachine and UpdateStateMachine (validation, AWS's
 * refusals), reads come from the catalog with the parsed definition cached by text.
 */
@ApplicationScoped
public class PgStateMachineService implements StateMachineService {
  private final PgStateMachines machines;
  private final StateMachineActions actions;
  private final Definitions definitions;
  private final Arns arns;

  public PgStateMachineService(
      PgStateMachines machines, StateMachineActions actions, Definitions definitions, Arns arns) {
    this.machines = machines;
    this.actions = actions;
    this.definitions = definitions;
    this.arns = arns;
  }

  @Override
  public Page<StateMachineSummary> list(int pageSize, String pageToken) {
    try {
      int size = Math.max(1, Math.min(1000, pageSize));
      List<StateMachine> page = machines.page(PageToken.decode(pageToken), size + 1);
      List<StateMachineSummary> items =
          page.subList(0, Math.min(size, page.size())).stream()
              .map(
                  m ->
                      new StateMachineSummary(
                          m.arn(), m.name(), m.type(), m.createdAt(), m.updatedAt()))
              .toList();
      return new Page<>(
          items, page.size() > size ? PageToken.encode(page.get(size - 1).name()) : null);
    } catch (AwsError e) {
      throw e.toService();
    }
  }

  @Override
  public Optional<StateMachineDetail> describe(String stateMachineArn) {
    if (stateMachineArn == null) return Optional.empty();
    return machines.find(stateMachineArn).map(this::detail);
  }

  private StateMachineDetail detail(StateMachine m) {
    return new StateMachineDetail(
        m.arn(),
        m.name(),
        m.type(),
        m.definition(),
        definitions.parsed(m.definition()),
        m.roleArn(),
        m.createdAt(),
        m.updatedAt());
  }

  @Override
  public StateMachineDetail create(String name, String definition, StateMachineType type) {
    ObjectNode body = Json.object();
    body.put("name", name);
    body.put("definition", definition);
    body.put("type", type == null ? "STANDARD" : type.name());
    body.put("roleArn", "arn:aws:iam::" + arns.account() + ":role/stepwise");
    JsonNode out = call("CreateStateMachine", body);
    return describe(out.path("stateMachineArn").asText()).orElseThrow();
  }

  @Override
  public StateMachineDetail update(String stateMachineArn, String definition) {
    ObjectNode body = Json.object();
    body.put("stateMachineArn", stateMachineArn);
    body.put("definition", definition);
    call("UpdateStateMachine", body);
    return describe(stateMachineArn).orElseThrow();
  }

  private JsonNode call(String action, ObjectNode body) {
    try {
      return actions.actions().get(action).handle(new Request(action, body));
    } catch (AwsError e) {
      throw e.toService();
    }
  }
}
