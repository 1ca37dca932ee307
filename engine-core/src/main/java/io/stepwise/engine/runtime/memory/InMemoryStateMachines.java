package io.stepwise.engine.runtime.memory;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.asl.validate.DefinitionValidator;
import io.stepwise.engine.asl.validate.ValidationResult;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.engine.service.StateMachineService;
import io.stepwise.engine.service.StateMachineSummary;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The state machine catalog kept in memory, for tests of the web UI and approvals without a
 * database. Definitions are validated and parsed as the server does. Thread-safe.
 */
public final class InMemoryStateMachines implements StateMachineService {
  private static final String ARN_PREFIX = "arn:aws:states:us-east-1:123456789012:stateMachine:";

  // Keyed by name so that listing by name is the map's own order.
  private final ConcurrentSkipListMap<String, StateMachineDetail> byName =
      new ConcurrentSkipListMap<>();
  private final InstantSource clock;

  public InMemoryStateMachines(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public Page<StateMachineSummary> list(int pageSize, String pageToken) {
    var tail = pageToken == null ? byName : byName.tailMap(pageToken, true);
    List<StateMachineSummary> items = new ArrayList<>();
    String next = null;
    for (StateMachineDetail d : tail.values()) {
      if (items.size() == pageSize) {
        next = d.name();
        break;
      }
      items.add(new StateMachineSummary(d.arn(), d.name(), d.type(), d.createdAt(), d.updatedAt()));
    }
    return new Page<>(items, next);
  }

  @Override
  public Optional<StateMachineDetail> describe(String stateMachineArn) {
    if (stateMachineArn == null || !stateMachineArn.startsWith(ARN_PREFIX)) return Optional.empty();
    return Optional.ofNullable(byName.get(stateMachineArn.substring(ARN_PREFIX.length())));
  }

  @Override
  public synchronized StateMachineDetail create(
      String name, String definition, StateMachineType type) {
    if (name == null || !name.matches("[A-Za-z0-9_-]{1,80}")) {
      throw new ServiceException("InvalidName", "Invalid Name: '" + name + "'");
    }
    if (byName.containsKey(name)) {
      throw new ServiceException(
          "StateMachineAlreadyExists", "State Machine Already Exists: '" + ARN_PREFIX + name + "'");
    }
    StateMachineType kind = type == null ? StateMachineType.STANDARD : type;
    var now = clock.instant();
    StateMachineDetail detail =
        new StateMachineDetail(
            ARN_PREFIX + name,
            name,
            kind,
            definition,
            parse(definition, kind),
            "arn:aws:iam::123456789012:role/stepwise-local",
            now,
            now);
    byName.put(name, detail);
    return detail;
  }

  @Override
  public synchronized StateMachineDetail update(String stateMachineArn, String definition) {
    StateMachineDetail old =
        describe(stateMachineArn)
            .orElseThrow(
                () ->
                    new ServiceException(
                        "StateMachineDoesNotExist",
                        "State Machine Does Not Exist: '" + stateMachineArn + "'"));
    StateMachineDetail updated =
        new StateMachineDetail(
            old.arn(),
            old.name(),
            old.type(),
            definition,
            parse(definition, old.type()),
            old.roleArn(),
            old.createdAt(),
            clock.instant());
    byName.put(old.name(), updated);
    return updated;
  }

  private static StateMachineDefinition parse(String definition, StateMachineType type) {
    ValidationResult result = DefinitionValidator.validate(definition, type);
    if (!result.ok()) {
      throw new ServiceException("InvalidDefinition", result.invalidDefinitionMessage());
    }
    try {
      return DefinitionParser.parse(Json.parseTrusted(definition));
    } catch (DefinitionException e) {
      throw new ServiceException(
          "InvalidDefinition",
          "Invalid State Machine Definition: '" + e.getMessage() + " at " + e.location() + "'");
    }
  }
}
