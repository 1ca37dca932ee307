package io.stepwise.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.stepwise.api.authentication.Callers;
import io.stepwise.api.notification.DeliveryLog;
import io.stepwise.api.notification.Subscription;
import io.stepwise.api.notification.Subscriptions;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.ServiceException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v1/subscriptions}: notifications of execution status changes for scripts and
 * infrastructure-as-code (api/README.md, "Events in and out"). Authenticated by {@code
 * JsonApiGuard}; the {@link Subscriptions} service decides who may do what. The signing secret is
 * in the creation's answer only.
 */
@Path("/api/v1/subscriptions")
@RunOnVirtualThread
public class SubscriptionResource {
  private final Subscriptions subscriptions;
  private final Callers callers;
  private final InstantSource clock;

  public SubscriptionResource(Subscriptions subscriptions, Callers callers, InstantSource clock) {
    this.subscriptions = subscriptions;
    this.callers = callers;
    this.clock = clock;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response create(byte[] body) {
    return JsonAnswers.answer(
        "CreateSubscription",
        () -> {
          ObjectNode in = JsonAnswers.object(body);
          JsonNode target = in.path("target");
          String url = null;
          List<String> to = null;
          if (target.has("webhook"))
            url =
                JsonAnswers.text(
                    (ObjectNode) object(target.get("webhook"), "target.webhook"), "url");
          if (target.has("email")) {
            JsonNode list = target.get("email").path("to");
            if (!list.isArray()) throw invalid("target.email.to must be an array of addresses");
            to = new ArrayList<>();
            for (JsonNode a : list) to.add(a.asText());
          }
          JsonNode pattern = in.get("eventPattern");
          if (pattern != null && pattern.isTextual()) pattern = parse(pattern.asText());
          Subscriptions.WithSecret made =
              subscriptions.create(
                  callers.current(),
                  new Subscriptions.Spec(JsonAnswers.text(in, "name"), pattern, url, to));
          ObjectNode out = json(made.subscription());
          out.put("secret", made.secret());
          return Response.fromResponse(JsonAnswers.json(201, out))
              .header("Cache-Control", "no-store")
              .build();
        });
  }

  @GET
  public Response list() {
    return JsonAnswers.answer(
        "ListSubscriptions",
        () -> {
          ObjectNode out = Json.object();
          ArrayNode items = out.putArray("subscriptions");
          for (Subscription s : subscriptions.list(callers.current())) items.add(json(s));
          return JsonAnswers.json(200, out);
        });
  }

  @GET
  @Path("{id}")
  public Response describe(@PathParam("id") String id) {
    return JsonAnswers.answer(
        "DescribeSubscription",
        () -> JsonAnswers.json(200, json(subscriptions.describe(callers.current(), id))));
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    return JsonAnswers.answer(
        "DeleteSubscription",
        () -> {
          subscriptions.delete(callers.current(), id);
          return Response.noContent().build();
        });
  }

  @GET
  @Path("{id}/deliveries")
  public Response deliveries(@PathParam("id") String id, @QueryParam("limit") Integer limit) {
    return JsonAnswers.answer(
        "ListDeliveries",
        () -> {
          ObjectNode out = Json.object();
          ArrayNode items = out.putArray("deliveries");
          for (DeliveryLog.Delivery d :
              subscriptions.deliveries(callers.current(), id, limit == null ? 100 : limit)) {
            ObjectNode o = items.addObject();
            o.put("id", d.id());
            o.put("executionArn", d.executionArn());
            o.put("eventId", d.eventId());
            o.put("state", d.state());
            o.put("attempts", d.attempts());
            o.put("createdAt", d.createdAt().toString());
            if (d.state().equals("PENDING")) o.put("nextAttemptAt", d.nextAttemptAt().toString());
            if (d.lastStatus() != null) o.put("lastStatus", d.lastStatus());
            if (d.lastError() != null) o.put("lastError", d.lastError());
            if (d.deliveredAt() != null) o.put("deliveredAt", d.deliveredAt().toString());
            ArrayNode attempts = o.putArray("attemptLog");
            for (DeliveryLog.Attempt a : d.attemptLog()) {
              ObjectNode at = attempts.addObject().put("at", a.at().toString());
              if (a.httpStatus() != null) at.put("status", a.httpStatus());
              if (a.error() != null) at.put("error", a.error());
            }
          }
          return JsonAnswers.json(200, out);
        });
  }

  @POST
  @Path("{id}/deliveries/{delivery}/replay")
  @Consumes(MediaType.WILDCARD)
  public Response replay(@PathParam("id") String id, @PathParam("delivery") String delivery) {
    return JsonAnswers.answer(
        "ReplayDelivery",
        () -> {
          subscriptions.replay(callers.current(), id, delivery);
          return Response.accepted().build();
        });
  }

  ObjectNode json(Subscription s) {
    ObjectNode o = Json.object();
    o.put("id", s.id());
    o.put("name", s.name());
    if (s.team() != null) o.put("team", s.team());
    o.set("eventPattern", parse(s.eventPattern()));
    ObjectNode target = o.putObject("target");
    if (s.target() == Subscription.Target.WEBHOOK) {
      target.putObject("webhook").put("url", s.webhookUrl());
    } else {
      ArrayNode to = target.putObject("email").putArray("to");
      s.emailTo().forEach(to::add);
    }
    o.put("createdBy", s.createdBy());
    o.put("createdAt", s.createdAt().toString());
    if (s.failingSince() != null) o.put("failingSince", s.failingSince().toString());
    o.put("failing", s.failing(clock.instant()));
    return o;
  }

  private static ObjectNode object(JsonNode node, String member) {
    if (node instanceof ObjectNode o) return o;
    throw invalid(member + " must be an object");
  }

  private static JsonNode parse(String text) {
    try {
      return Json.parse(text);
    } catch (Exception e) {
      throw invalid("eventPattern is not valid JSON");
    }
  }

  private static ServiceException invalid(String message) {
    return new ServiceException("ValidationException", message);
  }
}
