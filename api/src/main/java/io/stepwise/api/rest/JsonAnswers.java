package io.stepwise.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.ServiceException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The JSON API's answers: JSON bodies, and refusals as {@code {"message": ...}} with the HTTP
 * status that says what went wrong (400 bad input, 403 not allowed, 404 not found or not visible,
 * 409 conflict, 503 database unreachable). Never a stack trace: anything unexpected is logged and
 * answered 500 with one line.
 */
final class JsonAnswers {
  private static final Logger LOG = Logger.getLogger(JsonAnswers.class);

  private JsonAnswers() {}

  /** Runs one call of the API, turning the services' refusals into answers. */
  static Response answer(String what, Supplier<Response> call) {
    try {
      return call.get();
    } catch (ServiceException e) {
      return message(status(e.code()), e.getMessage());
    } catch (RuntimeException e) {
      if (DatabaseOutage.causedBy(e)) return message(503, DatabaseOutage.RETRY_MESSAGE);
      LOG.errorf(e, "%s failed", what);
      return message(500, "The request processing has failed");
    }
  }

  /** The HTTP status of a service's refusal, by its AWS-style name. */
  static int status(String code) {
    if (code.equals("AccessDeniedException")) return 403;
    if (code.equals("ResourceNotFound") || code.endsWith("DoesNotExist")) return 404;
    if (code.endsWith("AlreadyExists") || code.equals("ConflictException")) return 409;
    if (code.equals("ServiceUnavailable")) return 503;
    return 400;
  }

  static Response message(int status, String message) {
    return json(status, Json.object().put("message", message));
  }

  static Response json(int status, JsonNode body) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Json.write(body))
        .build();
  }

  /** A body that must be a JSON object, else a 400 that says so. */
  static ObjectNode object(byte[] body) {
    try {
      JsonNode parsed =
          body == null || body.length == 0
              ? Json.object()
              : Json.parse(new String(body, StandardCharsets.UTF_8));
      if (parsed instanceof ObjectNode o) return o;
    } catch (JsonProcessingException e) {
      throw new ServiceException("ValidationException", "The request body is not valid JSON");
    }
    throw new ServiceException("ValidationException", "The request body must be a JSON object");
  }

  /** A member that must be text when present; null when absent. */
  static String text(ObjectNode body, String member) {
    JsonNode v = body.get(member);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) {
      throw new ServiceException("ValidationException", member + " must be a string");
    }
    return v.asText();
  }
}
