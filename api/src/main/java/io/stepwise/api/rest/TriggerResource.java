package io.stepwise.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.stepwise.api.authentication.Callers;
import io.stepwise.api.trigger.Trigger;
import io.stepwise.api.trigger.Triggers;
import io.stepwise.engine.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /api/v1/triggers}: webhook triggers for scripts and infrastructure-as-code (api/README.md,
 * "Events in and out"). Authenticated by {@code JsonApiGuard}; the {@link Triggers} service decides
 * who may do what. A secret is in the answer of create and rotate only, never cached.
 */
@Path("/api/v1/triggers")
@RunOnVirtualThread
public class TriggerResource {
  private final Triggers triggers;
  private final Callers callers;

  public TriggerResource(Triggers triggers, Callers callers) {
    this.triggers = triggers;
    this.callers = callers;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response create(byte[] body, @Context UriInfo uri) {
    return JsonAnswers.answer(
        "CreateTrigger",
        () -> {
          ObjectNode in = JsonAnswers.object(body);
          Triggers.WithSecret made =
              triggers.create(
                  callers.current(),
                  new Triggers.Spec(
                      JsonAnswers.text(in, "name"),
                      JsonAnswers.text(in, "target"),
                      JsonAnswers.text(in, "auth"),
                      JsonAnswers.text(in, "inputFormat"),
                      JsonAnswers.text(in, "idempotencyKeyPath")));
          return withSecret(201, made, uri);
        });
  }

  @GET
  public Response list(@Context UriInfo uri) {
    return JsonAnswers.answer(
        "ListTriggers",
        () -> {
          ObjectNode out = Json.object();
          ArrayNode items = out.putArray("triggers");
          for (Trigger t : triggers.list(callers.current())) items.add(json(t, uri));
          return JsonAnswers.json(200, out);
        });
  }

  @GET
  @Path("{id}")
  public Response describe(@PathParam("id") String id, @Context UriInfo uri) {
    return JsonAnswers.answer(
        "DescribeTrigger",
        () -> JsonAnswers.json(200, json(triggers.describe(callers.current(), id), uri)));
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    return JsonAnswers.answer(
        "DeleteTrigger",
        () -> {
          triggers.delete(callers.current(), id);
          return Response.noContent().build();
        });
  }

  @POST
  @Path("{id}/rotate")
  @Consumes(MediaType.WILDCARD)
  public Response rotate(@PathParam("id") String id, @Context UriInfo uri) {
    return JsonAnswers.answer(
        "RotateTriggerSecret", () -> withSecret(200, triggers.rotate(callers.current(), id), uri));
  }

  private static Response withSecret(int status, Triggers.WithSecret made, UriInfo uri) {
    ObjectNode out = json(made.trigger(), uri);
    out.put("secret", made.secret());
    return Response.fromResponse(JsonAnswers.json(status, out))
        .header("Cache-Control", "no-store")
        .build();
  }

  /** A trigger as the API shows it: where to call it, never its secret. */
  static ObjectNode json(Trigger t, UriInfo uri) {
    ObjectNode o = Json.object();
    o.put("id", t.id());
    o.put("name", t.name());
    o.put("url", uri.getBaseUriBuilder().path("hooks").path(t.id()).build().toString());
    o.put("target", t.targetArn());
    o.put("auth", t.auth().name());
    o.put("inputFormat", t.inputFormat().name());
    if (t.idempotencyKeyPath() != null) o.put("idempotencyKeyPath", t.idempotencyKeyPath());
    o.put("createdBy", t.createdBy());
    o.put("createdAt", t.createdAt().toString());
    if (t.rotatedAt() != null) o.put("rotatedAt", t.rotatedAt().toString());
    return o;
  }
}
