package io.stepwise.api.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.authentication.ApiGuard;
import io.stepwise.api.authentication.Callers;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.api.schedule.ScheduleGroup;
import io.stepwise.api.schedule.ScheduleGroups;
import io.stepwise.api.schedule.Schedules;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The EventBridge Scheduler API (REST-JSON, SigV4 service {@code scheduler}) on the same endpoint
 * URL as Step Functions': {@code /schedules/{Name}}, {@code /schedule-groups/{Name}} and {@code
 * /tags/{ResourceArn}}. Requests signed for {@code scheduler} are routed here ({@link
 * SchedulerRouting}), so the pages may use the same paths. Like {@link AwsJsonEndpoint} it turns
 * the services' refusals into AWS's errors in one place (REST-JSON: the HTTP status of the error's
 * shape, {@code x-amzn-ErrorType} and {@code {"Message": ...}}) and audits every changing call.
 */
@Path(ApiGuard.SCHEDULER_API)
public class SchedulerEndpoint {
  private static final Logger LOG = Logger.getLogger(SchedulerEndpoint.class);

  /** The HTTP status of each error shape of the scheduler's model (others: 400). */
  private static final Map<String, Integer> STATUS =
      Map.of(
          "ResourceNotFoundException", 404,
          "ConflictException", 409,
          "ServiceQuotaExceededException", 402,
          "ThrottlingException", 429,
          "AccessDeniedException", 403,
          "InternalServerException", 500,
          "ServiceUnavailable", 503);

  private final Schedules schedules;
  private final ScheduleGroups groups;
  private final Callers callers;
  private final AuditLog audit;
  private final Arns arns;

  public SchedulerEndpoint(
      Schedules schedules, ScheduleGroups groups, Callers callers, AuditLog audit, Arns arns) {
    this.schedules = schedules;
    this.groups = groups;
    this.callers = callers;
    this.audit = audit;
    this.arns = arns;
  }

  @POST
  @Path("/schedules/{name}")
  @Consumes(MediaType.WILDCARD)
  @RunOnVirtualThread
  public Response createSchedule(@PathParam("name") String name, byte[] body) {
    return write("CreateSchedule", name, body, schedules::create);
  }

  @GET
  @Path("/schedules/{name}")
  @RunOnVirtualThread
  public Response getSchedule(
      @PathParam("name") String name, @QueryParam("groupName") String group) {
    return read(r -> ScheduleTranslation.schedule(schedules.get(r.caller(), group, name)));
  }

  @PUT
  @Path("/schedules/{name}")
  @Consumes(MediaType.WILDCARD)
  @RunOnVirtualThread
  public Response updateSchedule(@PathParam("name") String name, byte[] body) {
    return write("UpdateSchedule", name, body, schedules::update);
  }

  /** CreateSchedule and UpdateSchedule: the body's members in, the schedule's ARN out. */
  private Response write(
      String action,
      String name,
      byte[] body,
      java.util.function.BiFunction<Caller, io.stepwise.api.schedule.ScheduleRequest, String>
          call) {
    return change(
        action,
        body,
        r -> {
          String group = r.optionalString("GroupName").orElse(ScheduleGroup.DEFAULT);
          r.audits(arns.schedule(group, name).toString());
          String arn = call.apply(r.caller(), ScheduleTranslation.request(name, r));
          return Json.object().put("ScheduleArn", arn);
        });
  }

  @DELETE
  @Path("/schedules/{name}")
  @RunOnVirtualThread
  public Response deleteSchedule(
      @PathParam("name") String name, @QueryParam("groupName") String group) {
    return changeOf(
        "DeleteSchedule",
        null,
        () -> arns.schedule(group == null ? ScheduleGroup.DEFAULT : group, name).toString(),
        r -> schedules.delete(r.caller(), group, name));
  }

  @GET
  @Path("/schedules")
  @RunOnVirtualThread
  public Response listSchedules(
      @QueryParam("ScheduleGroup") String group,
      @QueryParam("NamePrefix") String prefix,
      @QueryParam("State") String state,
      @QueryParam("MaxResults") String max,
      @QueryParam("NextToken") String token) {
    return list(
        "Schedules",
        r ->
            schedules.list(
                r.caller(),
                new Schedules.Filter(group, prefix, state, null),
                ScheduleTranslation.maxResults(max),
                token),
        ScheduleTranslation::summary);
  }

  @POST
  @Path("/schedule-groups/{name}")
  @Consumes(MediaType.WILDCARD)
  @RunOnVirtualThread
  public Response createScheduleGroup(@PathParam("name") String name, byte[] body) {
    return change(
        "CreateScheduleGroup",
        body,
        r -> {
          r.audits(arns.scheduleGroup(name).toString());
          String arn = groups.create(r.caller(), name, ScheduleTranslation.tags(r.node("Tags")));
          return Json.object().put("ScheduleGroupArn", arn);
        });
  }

  @GET
  @Path("/schedule-groups/{name}")
  @RunOnVirtualThread
  public Response getScheduleGroup(@PathParam("name") String name) {
    return read(r -> ScheduleTranslation.group(groups.get(r.caller(), name)));
  }

  @DELETE
  @Path("/schedule-groups/{name}")
  @RunOnVirtualThread
  public Response deleteScheduleGroup(@PathParam("name") String name) {
    return changeOf(
        "DeleteScheduleGroup",
        null,
        () -> arns.scheduleGroup(name).toString(),
        r -> groups.delete(r.caller(), name));
  }

  @GET
  @Path("/schedule-groups")
  @RunOnVirtualThread
  public Response listScheduleGroups(
      @QueryParam("NamePrefix") String prefix,
      @QueryParam("MaxResults") String max,
      @QueryParam("NextToken") String token) {
    return list(
        "ScheduleGroups",
        r -> groups.list(r.caller(), prefix, ScheduleTranslation.maxResults(max), token),
        ScheduleTranslation::group);
  }

  // An ARN holds '/', which clients send encoded: the path parameter takes the rest of the path.
  @GET
  @Path("/tags/{arn: .+}")
  @RunOnVirtualThread
  public Response listTagsForResource(@PathParam("arn") String arn) {
    return read(r -> ScheduleTranslation.tagList(groups.tags(r.caller(), arn)));
  }

  @POST
  @Path("/tags/{arn: .+}")
  @Consumes(MediaType.WILDCARD)
  @RunOnVirtualThread
  public Response tagResource(@PathParam("arn") String arn, byte[] body) {
    return changeOf(
        "TagResource",
        body,
        () -> arn,
        r -> groups.tag(r.caller(), arn, ScheduleTranslation.tags(r.node("Tags"))));
  }

  @DELETE
  @Path("/tags/{arn: .+}")
  @RunOnVirtualThread
  public Response untagResource(
      @PathParam("arn") String arn, @QueryParam("TagKeys") List<String> keys) {
    return changeOf(
        "UntagResource",
        null,
        () -> arn,
        r -> groups.untag(r.caller(), arn, keys == null ? List.of() : keys));
  }

  /** A list's answer: the page's items under {@code member}, and the next page's token if any. */
  private <T> Response list(
      String member, Function<Request, Page<T>> call, Function<T, ObjectNode> item) {
    return read(
        r -> {
          Page<T> page = call.apply(r);
          ObjectNode out = Json.object();
          ArrayNode list = out.putArray(member);
          page.items().forEach(i -> list.add(item.apply(i)));
          if (page.nextToken() != null) out.put("NextToken", page.nextToken());
          return out;
        });
  }

  /**
   * A change whose answer is empty (AWS answers {} to deletes and tags), audited under the resource
   * {@code audited} names (worked out inside the call, so a bad name is the answer).
   */
  private Response changeOf(
      String name, byte[] body, Supplier<String> audited, Consumer<Request> action) {
    return change(
        name,
        body,
        r -> {
          r.audits(audited.get());
          action.accept(r);
          return Json.object();
        });
  }

  // ---- one place for answers, errors and the audit

  private Response read(Function<Request, JsonNode> action) {
    return call(null, null, action);
  }

  private Response change(String name, byte[] body, Function<Request, JsonNode> action) {
    return call(name, body, action);
  }

  /** Runs an action; {@code changing} names an action that changes something (audited). */
  private Response call(String changing, byte[] body, Function<Request, JsonNode> action) {
    Caller caller = callers.current();
    Request request = null;
    String outcome = "ok";
    try {
      request = new Request(changing == null ? "read" : changing, body(body), caller);
      return Response.ok(Json.write(action.apply(request)), MediaType.APPLICATION_JSON).build();
    } catch (ServiceException e) {
      outcome = e.code();
      return error(e.code(), e.getMessage());
    } catch (AwsError e) {
      outcome = e.type();
      return error(e.type(), e.getMessage());
    } catch (RuntimeException e) {
      if (DatabaseOutage.causedBy(e)) {
        LOG.warnf(
            "scheduler call refused, the database is unreachable: %s", DatabaseOutage.summary(e));
        outcome = "ServiceUnavailable";
        return error(outcome, DatabaseOutage.RETRY_MESSAGE);
      }
      LOG.errorf(e, "scheduler call %s failed", changing == null ? "(read)" : changing);
      outcome = "InternalServerException";
      return error(outcome, "The request processing has failed");
    } finally {
      boolean audited =
          changing != null
              && caller.kind() != Caller.Kind.SYSTEM
              && !outcome.equals("AccessDeniedException");
      if (audited) {
        audit.record(caller, changing, request == null ? null : request.audited(), outcome, "");
      }
    }
  }

  private static ObjectNode body(byte[] body) {
    if (body == null || body.length == 0) return Json.object();
    JsonNode parsed;
    try {
      parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new AwsError("SerializationException", "The request body is not valid JSON");
    }
    if (!(parsed instanceof ObjectNode object)) {
      throw new AwsError("SerializationException", "The request body must be a JSON object");
    }
    return object;
  }

  /** A REST-JSON error as AWS's scheduler sends it. */
  static Response error(String code, String message) {
    String type =
        switch (code) {
          case "InvalidToken", "InvalidArn", "SerializationException" -> "ValidationException";
          default -> code;
        };
    ObjectNode body = Json.object().put("Message", message);
    return Response.status(STATUS.getOrDefault(type, 400))
        .type(MediaType.APPLICATION_JSON)
        .header("x-amzn-ErrorType", type)
        .entity(Json.write(body))
        .build();
  }
}
