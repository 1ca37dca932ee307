package io.stepwise.api.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.authentication.Callers;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The AWS JSON 1.0 endpoint: {@code POST /} with {@code X-Amz-Target: AWSStepFunctions.<Action>}.
 * It dispatches to the {@link ActionFamily} beans with the caller the guard authenticated, once
 * {@link Throttling} admitted the call (AWS's quotas, the node's backpressure), turns every refusal
 * into AWS's error shape (the services' {@link ServiceException}s in one place, {@link
 * AwsError#of}) and audits every call of an action that changes something, with its outcome. An
 * unreachable database becomes a retryable ServiceUnavailable (503), any other unexpected failure a
 * logged InternalFailure (500), never a stack trace on the wire.
 */
@Path("/")
public class AwsJsonEndpoint {
  static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final String TARGET_PREFIX = "AWSStepFunctions.";
  private static final Logger LOG = Logger.getLogger(AwsJsonEndpoint.class);

  private final Map<String, Action> actions = new HashMap<>();
  private final Callers callers;
  private final AuditLog audit;
  private final Throttling throttling;

  public AwsJsonEndpoint(
      Instance<ActionFamily> families, Callers callers, AuditLog audit, Throttling throttling) {
    for (ActionFamily family : families) actions.putAll(family.actions());
    this.callers = callers;
    this.audit = audit;
    this.throttling = throttling;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @RunOnVirtualThread
  public Response call(@HeaderParam("X-Amz-Target") String target, byte[] body) {
    Caller caller = callers.current();
    String name =
        target != null && target.startsWith(TARGET_PREFIX)
            ? target.substring(TARGET_PREFIX.length())
            : null;
    Action action = name == null ? null : actions.get(name);
    Request request = null;
    try {
      if (action == null) {
        throw new AwsError(
            "UnknownOperationException",
            name == null ? "Missing or unknown X-Amz-Target" : "Unknown operation " + name);
      }
      request = new Request(name, body(body), caller);
      throttling.admit(name, caller, request.body());
      JsonNode result = action.translation().handle(request);
      audit(action, name, caller, request, "ok");
      return ok(result == null ? Json.object() : result);
    } catch (AwsError e) {
      audit(action, name, caller, request, e.type());
      return error(e);
    } catch (ServiceException e) {
      audit(action, name, caller, request, e.code());
      return error(AwsError.of(e));
    } catch (RuntimeException e) {
      if (DatabaseOutage.causedBy(e)) {
        // Expected while PostgreSQL restarts or the network drops: one line, no stack trace.
        LOG.warnf("%s refused, the database is unreachable: %s", target, DatabaseOutage.summary(e));
        audit(action, name, caller, request, "ServiceUnavailable");
        return error(AwsError.serviceUnavailable());
      }
      LOG.errorf(e, "%s failed", target);
      audit(action, name, caller, request, "InternalFailure");
      return error(new AwsError("InternalFailure", "The request processing has failed", 500));
    }
  }

  private static ObjectNode body(byte[] body) {
    JsonNode parsed;
    try {
      parsed =
          body == null || body.length == 0
              ? Json.object()
              : Json.parse(new String(body, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new AwsError("SerializationException", "The request body is not valid JSON");
    }
    if (!(parsed instanceof ObjectNode object)) {
      throw new AwsError("SerializationException", "The request body must be a JSON object");
    }
    return object;
  }

  /**
   * One entry per call of a changing action by a person or key, with the resource the action named
   * and its outcome. Refusals by the authorizer were audited where they were decided; the server's
   * own calls (security off) are not audited.
   */
  private void audit(Action action, String name, Caller caller, Request request, String outcome) {
    if (action == null || !action.changes() || caller.kind() == Caller.Kind.SYSTEM) return;
    // A throttled call changed nothing; auditing every one would add writes to an overload.
    if (outcome.equals("AccessDeniedException") || outcome.equals("ThrottlingException")) return;
    audit.record(
        caller,
        name,
        request == null ? null : request.audited(),
        outcome,
        request == null ? "" : request.detail());
  }

  private static Response ok(JsonNode body) {
    return Response.ok(Json.write(body), CONTENT_TYPE).build();
  }

  static Response error(AwsError e) {
    ObjectNode body = Json.object();
    body.put("__type", e.wireType());
    body.put("message", e.getMessage());
    return Response.status(e.status())
        .type(CONTENT_TYPE)
        .header("x-amzn-ErrorType", e.type())
        .entity(Json.write(body))
        .build();
  }
}
