package io.stepwise.api.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.engine.json.Json;
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
 * It dispatches to the {@link ActionFamily} beans and turns every refusal into AWS's error shape;
 * an unreachable database becomes a retryable ServiceUnavailable (503), any other unexpected
 * failure a logged InternalFailure (500), never a stack trace on the wire.
 */
@Path("/")
public class AwsJsonEndpoint {
  static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final String TARGET_PREFIX = "AWSStepFunctions.";
  private static final Logger LOG = Logger.getLogger(AwsJsonEndpoint.class);

  private final Map<String, Action> actions = new HashMap<>();

  public AwsJsonEndpoint(Instance<ActionFamily> families) {
    for (ActionFamily family : families) actions.putAll(family.actions());
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @RunOnVirtualThread
  public Response call(@HeaderParam("X-Amz-Target") String target, byte[] body) {
    try {
      return ok(dispatch(target, body));
    } catch (AwsError e) {
      return error(e);
    } catch (io.stepwise.engine.service.ServiceException e) {
      return error(AwsError.of(e));
    } catch (RuntimeException e) {
      if (DatabaseOutage.causedBy(e)) {
        // Expected while PostgreSQL restarts or the network drops: one line, no stack trace.
        LOG.warnf("%s refused, the database is unreachable: %s", target, DatabaseOutage.summary(e));
        return error(AwsError.serviceUnavailable());
      }
      LOG.errorf(e, "%s failed", target);
      return error(new AwsError("InternalFailure", "The request processing has failed", 500));
    }
  }

  private JsonNode dispatch(String target, byte[] body) {
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      throw new AwsError("UnknownOperationException", "Missing or unknown X-Amz-Target");
    }
    String name = target.substring(TARGET_PREFIX.length());
    Action action = actions.get(name);
    if (action == null) {
      throw new AwsError("UnknownOperationException", "Unknown operation " + name);
    }
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
    JsonNode result = action.handle(new Request(name, object));
    return result == null ? Json.object() : result;
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
