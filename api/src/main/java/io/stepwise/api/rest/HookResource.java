package io.stepwise.api.rest;

import io.smallrye.common.annotation.RunOnVirtualThread;
import io.stepwise.api.trigger.TriggerCalls;
import io.stepwise.engine.json.Json;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /hooks/{id}}: another system's call starts an execution through a webhook trigger
 * ({@link TriggerCalls}). The body is read up to the limit and no further (413 above it); refusals
 * say nothing about which part was wrong (401), a call over the trigger's rate gets 429 with {@code
 * Retry-After}. The answer names the execution started (201) or found for a repeated idempotency
 * key (200).
 */
@Path("/hooks/{id}")
@RunOnVirtualThread
public class HookResource {
  private final TriggerCalls calls;

  public HookResource(TriggerCalls calls) {
    this.calls = calls;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response call(
      @PathParam("id") String id,
      InputStream body,
      @Context HttpHeaders headers,
      @Context HttpServerRequest http) {
    return JsonAnswers.answer(
        "InvokeTrigger",
        () -> {
          String address = http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
          try {
            // A declared length over the limit is refused before a byte of it is read.
            if (headers.getLength() > TriggerCalls.MAX_BODY_BYTES) calls.tooLarge(id, address);
            TriggerCalls.Accepted a =
                calls.call(new TriggerCalls.Call(id, byName(headers), read(body), address));
            return JsonAnswers.json(
                a.started() ? 201 : 200,
                Json.object()
                    .put("executionArn", a.executionArn())
                    .put("startDate", a.startDate().toString())
                    .put("started", a.started()));
          } catch (TriggerCalls.Refused r) {
            return refused(r);
          }
        });
  }

  private static Response refused(TriggerCalls.Refused r) {
    return switch (r.reason()) {
      case UNAUTHENTICATED -> JsonAnswers.message(401, "Unauthorized");
      case TOO_LARGE ->
          JsonAnswers.message(
              413, "The body is larger than " + TriggerCalls.MAX_BODY_BYTES + " bytes");
      case RATE_LIMITED ->
          Response.fromResponse(JsonAnswers.message(429, "Too many calls of this trigger"))
              .header("Retry-After", String.valueOf(r.retryAfterSeconds()))
              .build();
    };
  }

  /** At most one byte over the limit: a larger body is refused without reading the rest. */
  private static byte[] read(InputStream in) {
    try {
      return in == null ? new byte[0] : in.readNBytes(TriggerCalls.MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> byName(HttpHeaders headers) {
    Map<String, String> out = new HashMap<>();
    headers
        .getRequestHeaders()
        .forEach(
            (k, v) ->
                out.merge(k.toLowerCase(Locale.ROOT), String.join(",", v), (a, b) -> a + "," + b));
    return out;
  }
}
