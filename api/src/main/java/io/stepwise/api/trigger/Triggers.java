package io.stepwise.api.trigger;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.authentication.ServerKey;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.execution.ExecutionStarter;
import io.stepwise.api.trigger.store.PgTriggers;
import io.stepwise.engine.dataflow.path.InvalidJsonPathException;
import io.stepwise.engine.dataflow.path.JsonPath;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The trigger service: editors create, rotate and delete webhook triggers of their team's state
 * machines; whoever may view the machine sees its triggers. A trigger of another team does not
 * exist for the caller ({@code ResourceNotFound}), whatever their role. The secret is shown once,
 * at creation and at rotation, and kept sealed with the server key.
 */
@ApplicationScoped
public class Triggers {
  static final int SECRET_BYTES = 32;
  private static final int MAX_NAME = 80;

  private final PgTriggers store;
  private final ExecutionStarter starter;
  private final Authorizer authorizer;
  private final ServerKey serverKey;
  private final TriggerRate rate;
  private final AuditLog audit;

  public Triggers(
      PgTriggers store,
      ExecutionStarter starter,
      Authorizer authorizer,
      ServerKey serverKey,
      TriggerRate rate,
      AuditLog audit) {
    this.audit = audit;
    this.rate = rate;
    this.store = store;
    this.starter = starter;
    this.authorizer = authorizer;
    this.serverKey = serverKey;
  }

  /** What a caller asks for; {@code auth} and {@code inputFormat} may be null for the defaults. */
  public record Spec(
      String name, String target, String auth, String inputFormat, String idempotencyKeyPath) {}

  /** A trigger with its secret, which is never shown again. */
  public record WithSecret(Trigger trigger, String secret) {}

  /** Creates a trigger: the editor role on the target's state machine; the target must exist. */
  public WithSecret create(Caller caller, Spec spec) {
    String name = name(spec.name());
    if (spec.target() == null || spec.target().isBlank()) {
      throw invalid("target is required: a state machine, version or alias ARN");
    }
    ExecutionStarter.TargetName target = starter.name(spec.target());
    authorizer.require(caller, "CreateTrigger", Permission.EDIT, target.arn());
    starter.resolve(target); // StateMachineDoesNotExist and friends before anything is kept
    Trigger.Auth auth = choice(Trigger.Auth.class, "auth", spec.auth(), Trigger.Auth.HMAC_SHA256);
    Trigger.InputFormat format =
        choice(
            Trigger.InputFormat.class, "inputFormat", spec.inputFormat(), Trigger.InputFormat.JSON);
    String path = keyPath(spec.idempotencyKeyPath(), format);
    Trigger t =
        new Trigger(
            ServerKey.randomToken(15),
            name,
            target.arn().toString(),
            target.arn().stateMachine().toString(),
            auth,
            format,
            path,
            caller.name(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            null);
    String secret = ServerKey.randomToken(SECRET_BYTES);
    store.insert(t, serverKey.seal(secret, context(t.id())));
    changed(caller, "CreateTrigger", t);
    return new WithSecret(t, secret);
  }

  /** The triggers of every machine the caller may see, newest first. */
  public List<Trigger> list(Caller caller) {
    return store.list(authorizer.visibleOwners(caller, "ListTriggers").orElse(null));
  }

  /** The triggers of one state machine (its versions' and aliases' too): viewers of its team. */
  public List<Trigger> listOf(Caller caller, String stateMachineArn) {
    Arn machine = starter.name(stateMachineArn).arn().stateMachine();
    authorizer.require(caller, "ListTriggers", Permission.VIEW, machine);
    return store.list(java.util.Set.of(machine.toString()));
  }

  /** One trigger the caller may see. */
  public Trigger describe(Caller caller, String id) {
    return visible(caller, id).trigger();
  }

  /** Deletes a trigger: the editor role on its state machine. */
  public void delete(Caller caller, String id) {
    Trigger t = visible(caller, id).trigger();
    authorizer.require(caller, "DeleteTrigger", Permission.EDIT, arn(t));
    store.delete(t.id());
    rate.forget(t.id());
    changed(caller, "DeleteTrigger", t);
  }

  /** A new secret for the trigger (the old one stops working at once): editor role. */
  public WithSecret rotate(Caller caller, String id) {
    Trigger t = visible(caller, id).trigger();
    authorizer.require(caller, "RotateTriggerSecret", Permission.EDIT, arn(t));
    String secret = ServerKey.randomToken(SECRET_BYTES);
    if (!store.replaceSecret(t.id(), serverKey.seal(secret, context(t.id())))) {
      throw notFound(id);
    }
    changed(caller, "RotateTriggerSecret", t);
    return new WithSecret(store.find(t.id()).map(PgTriggers.Stored::trigger).orElseThrow(), secret);
  }

  /** One audit entry per change by a person or key (the server's own calls are not audited). */
  private void changed(Caller caller, String action, Trigger t) {
    if (caller.kind() == Caller.Kind.SYSTEM) return;
    audit.record(caller, action, t.targetArn(), "ok", "trigger " + t.id() + " (" + t.name() + ")");
  }

  /** The trigger's secret, opened, for verifying a call (never shown). */
  String secretOf(PgTriggers.Stored stored) {
    return serverKey.open(stored.sealedSecret(), context(stored.trigger().id()));
  }

  private PgTriggers.Stored visible(Caller caller, String id) {
    PgTriggers.Stored stored = id == null ? null : store.find(id).orElse(null);
    if (stored == null || !authorizer.canSee(caller, arn(stored.trigger()))) throw notFound(id);
    return stored;
  }

  private static Arn arn(Trigger t) {
    return Arn.parse(t.targetArn()).orElseThrow();
  }

  /** The sealed secret is bound to its trigger: copied to another row it does not open. */
  private static String context(String id) {
    return "trigger:" + id;
  }

  private static String name(String name) {
    if (name == null || name.isBlank()) throw invalid("name is required");
    if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw invalid("name must be 1 to " + MAX_NAME + " characters without control characters");
    }
    return name;
  }

  private static <E extends Enum<E>> E choice(
      Class<E> type, String member, String value, E fallback) {
    if (value == null) return fallback;
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> allowed =
          java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
      throw invalid(member + " must be one of " + allowed + ", not '" + value + "'");
    }
  }

  /** A definite JSONPath into a JSON body; a RAW body has no JSON to read. */
  private static String keyPath(String path, Trigger.InputFormat format) {
    if (path == null || path.isBlank()) return null;
    if (format != Trigger.InputFormat.JSON) {
      throw invalid("idempotencyKeyPath reads a JSON body: it needs inputFormat JSON");
    }
    try {
      JsonPath compiled = JsonPath.compile(path);
      if (!compiled.isDefinite() || compiled.isContextPath() || compiled.variable() != null) {
        throw invalid(
            "idempotencyKeyPath must name one value of the body, like $.id: '" + path + "'");
      }
    } catch (InvalidJsonPathException e) {
      throw invalid("idempotencyKeyPath is no JSONPath: '" + path + "'");
    }
    return path;
  }

  static ServiceException invalid(String message) {
    return new ServiceException("ValidationException", message);
  }

  static ServiceException notFound(String id) {
    return new ServiceException("ResourceNotFound", "Trigger not found: '" + id + "'");
  }
}
