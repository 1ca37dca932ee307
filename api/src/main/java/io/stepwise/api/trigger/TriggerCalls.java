package io.stepwise.api.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.arn.Arn;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import io.stepwise.api.execution.Execution;
import io.stepwise.api.execution.ExecutionStarter;
import io.stepwise.api.execution.Executions;
import io.stepwise.api.execution.StartedBy;
import io.stepwise.api.service.Names;
import io.stepwise.api.service.Signatures;
import io.stepwise.api.trigger.store.PgTriggers;
import io.stepwise.engine.dataflow.path.JsonPath;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A call of {@code POST /hooks/{id}}: verified against the trigger's secret (constant time; an
 * unknown trigger, a missing or a wrong signature are one and the same refusal), held to the body
 * limit and the trigger's rate, named by its idempotency key, and started as the trigger: an
 * operator of its machine's team. A sender's retry with the same key finds the execution the first
 * call started instead of starting another. Refusals are audited.
 */
@ApplicationScoped
public class TriggerCalls {
  /** The most a call's body may hold, as AWS's execution input. */
  public static final int MAX_BODY_BYTES = io.stepwise.engine.service.AwsLimits.PAYLOAD_BYTES;

  /** Headers that carry the secret or a session: never copied into a RAW input. */
  private static final Set<String> PRIVATE_HEADERS =
      Set.of("authorization", "x-hub-signature-256", "cookie", "proxy-authorization");

  private static final String ACTION = "InvokeTrigger";
  private static final String UNKNOWN_SECRET = "no trigger has this secret";

  private final PgTriggers store;
  private final Triggers triggers;
  private final TriggerRate rate;
  private final Executions executions;
  private final AuditLog audit;
  private final Authorizer authorizer;
  private final StartedBy startedBy;
  private final RefusalAudit refusals;

  public TriggerCalls(
      PgTriggers store,
      Triggers triggers,
      TriggerRate rate,
      Executions executions,
      AuditLog audit,
      Authorizer authorizer,
      StartedBy startedBy,
      RefusalAudit refusals) {
    this.authorizer = authorizer;
    this.startedBy = startedBy;
    this.refusals = refusals;
    this.store = store;
    this.triggers = triggers;
    this.rate = rate;
    this.executions = executions;
    this.audit = audit;
  }

  /** One call: its headers by lower-case name (repeated ones joined by commas), its raw body. */
  public record Call(String triggerId, Map<String, String> headers, byte[] body, String address) {}

  /** The execution the call started ({@code started}) or found (a repeated idempotency key). */
  public record Accepted(String executionArn, Instant startDate, boolean started) {}

  /** Why a call was refused before anything was started. */
  public enum Reason {
    /** Unknown trigger, missing or wrong signature or token: one answer for all of them. */
    UNAUTHENTICATED,
    TOO_LARGE,
    RATE_LIMITED
  }

  /** A refusal the HTTP adapter answers with its status (and Retry-After when rate limited). */
  public static final class Refused extends RuntimeException {
    private final Reason reason;
    private final long retryAfterSeconds;

    Refused(Reason reason, long retryAfterSeconds) {
      super(reason.name(), null, false, false);
      this.reason = reason;
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public Reason reason() {
      return reason;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  public Accepted call(Call call) {
    Caller anonymous = Caller.ANONYMOUS.from(call.address());
    if (call.body().length > MAX_BODY_BYTES) tooLarge(call.triggerId(), call.address());
    Optional<PgTriggers.Stored> stored = store.find(call.triggerId());
    // An unknown trigger costs the same HMAC as a known one: timing does not tell them apart.
    String secret = stored.map(triggers::secretOf).orElse(UNKNOWN_SECRET);
    Trigger.Auth auth = stored.map(s -> s.trigger().auth()).orElse(Trigger.Auth.HMAC_SHA256);
    if (!authentic(auth, secret, call) || stored.isEmpty()) {
      RefusalAudit.Decision d =
          refusals.refused(
              call.address(),
              stored.isPresent() ? call.triggerId() : "unknown triggers",
              System.nanoTime());
      if (d.write()) {
        audit.record(
            anonymous,
            ACTION,
            stored.map(s -> s.trigger().targetArn()).orElse(resource(call.triggerId())),
            "denied",
            (stored.isEmpty()
                    ? "no such trigger"
                    : "trigger " + call.triggerId() + ": missing or wrong " + auth.name())
                + (d.unwrittenBefore() > 0
                    ? " (and " + d.unwrittenBefore() + " earlier refusals from this address)"
                    : ""));
      }
      throw new Refused(Reason.UNAUTHENTICATED, 0);
    }
    Trigger t = stored.get().trigger();
    TriggerRate.Decision d = rate.take(t.id(), System.nanoTime());
    if (!d.allowed()) {
      if (d.firstRefusal()) {
        audit.record(
            anonymous, ACTION, t.targetArn(), "throttled", "trigger " + t.id() + " over its rate");
      }
      throw new Refused(Reason.RATE_LIMITED, d.retryAfterSeconds());
    }
    return start(t, call);
  }

  /** Refuses (audited) a call whose body is over the limit. */
  public void tooLarge(String triggerId, String address) {
    if (refusals.refused(address, "bodies too large", System.nanoTime()).write()) {
      audit.record(
          Caller.ANONYMOUS.from(address),
          ACTION,
          resource(triggerId),
          "denied",
          "body over 256 KiB");
    }
    throw new Refused(Reason.TOO_LARGE, 0);
  }

  private Accepted start(Trigger t, Call call) {
    Caller caller = callerOf(t, call.address());
    String input = input(t, call);
    String name = executionName(t, call);
    try {
      ExecutionStarter.Start s = executions.start(caller, t.targetArn(), name, input);
      audit.record(caller, ACTION, t.targetArn(), "ok", s.executionArn());
      return new Accepted(s.executionArn(), s.startDate(), s.created());
    } catch (ServiceException e) {
      if (name == null || !e.code().equals("ExecutionAlreadyExists")) throw e;
      String arn = Arn.parse(t.targetArn()).orElseThrow().stateMachine().execution(name).toString();
      // Only this trigger's own execution is "found": a key naming one that another trigger, a
      // person or a schedule started would tell its sender that execution and drop the call.
      if (!startedBy.startedBy(arn).equals(StartedBy.of(caller))) {
        throw new ServiceException(
            "ExecutionAlreadyExists",
            "The idempotency key names an execution this trigger did not start: use another key");
      }
      Execution found = executions.describe(caller, arn);
      return new Accepted(found.arn(), found.startTime(), false);
    }
  }

  /**
   * The trigger acts as an operator of its machine's team; a trigger of a machine no team owns
   * (made by an admin) acts as an admin, since only an admin could make it.
   */
  private Caller callerOf(Trigger t, String address) {
    String name = "trigger " + t.id() + " (" + t.name() + ")";
    Optional<String> team = authorizer.teamOf(Arn.parse(t.targetArn()).orElseThrow());
    return team.isPresent()
        ? new Caller(
            name, Caller.Kind.TRIGGER, EnumSet.of(Role.OPERATOR), Set.of(team.get()), address)
        : new Caller(name, Caller.Kind.TRIGGER, EnumSet.of(Role.ADMIN), Set.of(), address);
  }

  private static boolean authentic(Trigger.Auth auth, String secret, Call call) {
    return switch (auth) {
      case HMAC_SHA256 -> {
        String given = call.headers().get("x-hub-signature-256");
        String expected = Signatures.sha256(secret, call.body());
        yield given != null
            && MessageDigest.isEqual(
                sha256(expected.getBytes(StandardCharsets.US_ASCII)),
                sha256(
                    given
                        .trim()
                        .toLowerCase(java.util.Locale.ROOT)
                        .getBytes(StandardCharsets.UTF_8)));
      }
      case BEARER -> {
        String given = call.headers().get("authorization");
        yield given != null
            && given.startsWith("Bearer ")
            && MessageDigest.isEqual(
                sha256(secret.getBytes(StandardCharsets.UTF_8)),
                sha256(given.substring(7).trim().getBytes(StandardCharsets.UTF_8)));
      }
    };
  }

  /** The execution's input: the JSON body itself, or the body and headers as text. */
  private static String input(Trigger t, Call call) {
    String text = new String(call.body(), StandardCharsets.UTF_8);
    if (t.inputFormat() == Trigger.InputFormat.JSON) return text.isBlank() ? "{}" : text;
    ObjectNode wrapped = Json.object();
    wrapped.put("body", text);
    ObjectNode headers = wrapped.putObject("headers");
    new TreeMap<>(call.headers())
        .forEach(
            (k, v) -> {
              if (!PRIVATE_HEADERS.contains(k)) headers.put(k, v);
            });
    return Json.write(wrapped);
  }

  /**
   * The execution's name: the {@code Idempotency-Key} header, else the value at the trigger's
   * JSONPath, else none (a generated one). A key that is no valid execution name is named by its
   * SHA-256, so any key works and the same key always gives the same name.
   */
  private static String executionName(Trigger t, Call call) {
    String key = call.headers().get("idempotency-key");
    if ((key == null || key.isBlank()) && t.idempotencyKeyPath() != null) {
      key = keyFromBody(t.idempotencyKeyPath(), call.body());
    }
    if (key == null || key.isBlank()) return null;
    try {
      return Names.check(key.trim());
    } catch (ServiceException notAName) {
      return "key-"
          + HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8))).substring(0, 40);
    }
  }

  private static String keyFromBody(String path, byte[] body) {
    JsonNode value;
    try {
      value =
          JsonPath.compile(path).readOrNull(Json.parse(new String(body, StandardCharsets.UTF_8)));
    } catch (JsonProcessingException e) {
      return null; // the start refuses the body with the parser's message
    } catch (io.stepwise.engine.dataflow.path.InvalidJsonPathException e) {
      throw new IllegalStateException("a stored idempotencyKeyPath does not compile: " + path, e);
    }
    if (value == null || value.isNull() || value.isMissingNode()) {
      throw Triggers.invalid(
          "The body has no value at " + path + ", which names the execution (idempotency key)");
    }
    if (!value.isValueNode()) {
      throw Triggers.invalid(
          "The value at " + path + " must be a string or a number to name the execution");
    }
    return value.asText();
  }

  private static String resource(String triggerId) {
    String id = triggerId == null ? "" : triggerId;
    return "trigger " + (id.length() > 40 ? id.substring(0, 40) + "…" : id);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
