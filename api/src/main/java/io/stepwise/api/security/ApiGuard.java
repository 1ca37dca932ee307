package io.stepwise.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.api.protocol.AwsError;
import io.stepwise.engine.json.Json;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Guards the AWS JSON endpoint ({@code POST /}): authenticates each call (a SigV4 signature with a
 * Stepwise access key, or an OpenID Connect bearer token), asks the {@link Authorizer} about the
 * {@code X-Amz-Target} action and the resource ARN in the body before dispatch, records the team of
 * what a Create action made, filters list responses to the caller's teams, and audits changes.
 * Refusals use AWS's error names, so SDKs raise their usual exceptions.
 */
@ApplicationScoped
public class ApiGuard {
  private static final Logger LOG = Logger.getLogger(ApiGuard.class);
  private static final String CALL = "stepwise.security.apiCall";
  private static final String TARGET_PREFIX = "AWSStepFunctions.";

  @Inject SecurityConfig config;
  @Inject SecurityIdentity identity;
  @Inject Callers callers;
  @Inject AccessKeys keys;
  @Inject Authorizer authorizer;
  @Inject ResourceTeams teams;
  @Inject AuditLog audit;

  @ConfigProperty(name = "stepwise.region", defaultValue = "us-east-1")
  String region;

  @ConfigProperty(name = "stepwise.account-id", defaultValue = "123456789012")
  String account;

  /** What the response filter needs to know about an authorized call. */
  record Call(
      Caller caller, String action, ApiActions.Rule rule, String resource, String newTeam) {}

  @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
  public Response beforeDispatch(ContainerRequestContext ctx, HttpServerRequest http) {
    if (!config.enabled() || !isApiCall(ctx)) return null;
    try {
      return authorize(ctx, http);
    } catch (RuntimeException e) {
      // Keys, teams and the audit live in PostgreSQL: while it is unreachable the call gets the
      // endpoint's retryable answer, not the framework's internal error.
      if (!DatabaseOutage.causedBy(e)) throw e;
      return databaseUnavailable(target(ctx), e);
    }
  }

  private Response authorize(ContainerRequestContext ctx, HttpServerRequest http) {
    byte[] body;
    try {
      body = ctx.getEntityStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.setEntityStream(new ByteArrayInputStream(body));
    String address = http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();

    Caller caller;
    String authorization = ctx.getHeaderString("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      caller = callers.of(identity, null, address);
      if (!caller.signedIn()) {
        return error(
            "UnrecognizedClientException",
            400,
            "The security token included in the request is invalid.");
      }
    } else {
      Map<String, String> headers = new HashMap<>();
      ctx.getHeaders()
          .forEach(
              (k, v) ->
                  headers.merge(
                      k.toLowerCase(Locale.ROOT), String.join(",", v), (a, b) -> a + "," + b));
      // HTTP/2 (an h2c upgrade too) carries the host as :authority, which SigV4 signs as host.
      if (!headers.containsKey("host") && http.authority() != null) {
        headers.put("host", http.authority().toString());
      }
      SigV4Verifier.Outcome outcome =
          SigV4Verifier.verify(
              ctx.getMethod(),
              http.path(),
              http.query(),
              headers,
              body,
              Instant.now(),
              keys::secretOf);
      if (outcome instanceof SigV4Verifier.Refused r) {
        audit.record(
            Caller.ANONYMOUS.from(address), target(ctx), null, r.type(), "signature refused");
        return error(r.type(), r.status(), r.message());
      }
      String keyId = ((SigV4Verifier.Verified) outcome).accessKeyId();
      Optional<AccessKeys.AccessKey> key = keys.activeKey(keyId);
      if (key.isEmpty() || !key.get().active()) {
        return error(
            "UnrecognizedClientException",
            400,
            "The security token included in the request is invalid.");
      }
      keys.touch(keyId, Instant.now());
      caller = key.get().caller(address);
    }

    String action = target(ctx);
    ApiActions.Rule rule = ApiActions.rule(action);
    JsonNode request = parse(body);
    String resource = resourceOf(request);
    String newTeam = null;
    if (rule.creates() != ApiActions.Creates.NOTHING && request.path("name").isTextual()) {
      String name = request.path("name").asText();
      resource =
          rule.creates() == ApiActions.Creates.STATE_MACHINE
              ? ResourceArns.stateMachine(region, account, name)
              : ResourceArns.activity(region, account, name);
      Authorizer.NewOwner owner = authorizer.teamForNew(caller, requestedTeam(request));
      if (!owner.decision().allowed()) {
        audit.record(caller, action, resource, "denied", owner.decision().reason());
        return denied(caller, action, resource, owner.decision().reason());
      }
      newTeam = owner.team();
      // Creating again under an existing name is AWS's idempotent call: only for its owners.
      if (authorizer.teamOf(resource).isEmpty()) {
        Authorizer.Decision d = authorizer.check(caller, action, rule.permission(), null);
        if (!d.allowed()) return denied(caller, action, resource, d.reason());
        ctx.setProperty(CALL, new Call(caller, action, rule, resource, newTeam));
        return null;
      }
    }
    Authorizer.Decision d = authorizer.check(caller, action, rule.permission(), resource);
    if (!d.allowed()) return denied(caller, action, resource, d.reason());
    ctx.setProperty(CALL, new Call(caller, action, rule, resource, newTeam));
    return null;
  }

  @ServerResponseFilter
  public void afterDispatch(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getProperty(CALL) instanceof Call call)) return;
    try {
      record(call, response);
    } catch (RuntimeException e) {
      if (!DatabaseOutage.causedBy(e)) throw e;
      // The call may have been carried out but its team or audit record was not written: the
      // caller is told to retry (as after any 5xx, the call may or may not have happened).
      Response outage = databaseUnavailable(call.action(), e);
      response.setStatus(outage.getStatus());
      response.getHeaders().putSingle("x-amzn-ErrorType", "ServiceUnavailable");
      response.setEntity(outage.getEntity());
    }
  }

  private void record(Call call, ContainerResponseContext response) {
    boolean ok = response.getStatus() == 200;
    if (ok && call.rule().creates() != ApiActions.Creates.NOTHING) {
      JsonNode body = parse(entityBytes(response));
      String arn =
          body.path(
                  call.rule().creates() == ApiActions.Creates.STATE_MACHINE
                      ? "stateMachineArn"
                      : "activityArn")
              .asText(call.resource());
      if (call.newTeam() != null && authorizer.teamOf(arn).isEmpty()) {
        teams.assign(arn, call.newTeam(), call.caller().name());
      }
    }
    if (ok
        && (call.action().equals("DeleteStateMachine") || call.action().equals("DeleteActivity"))
        && call.resource() != null) {
      teams.forget(call.resource());
    }
    if (ok && call.rule().listsResources()) {
      response.setEntity(Json.write(visibleOnly(call.caller(), parse(entityBytes(response)))));
    }
    if (call.rule().permission() != Permission.VIEW) {
      String outcome =
          ok
              ? "ok"
              : Optional.ofNullable(response.getHeaderString("x-amzn-ErrorType")).orElse("error");
      audit.record(
          call.caller(),
          call.action(),
          call.resource(),
          outcome,
          call.newTeam() == null ? "" : "team " + call.newTeam());
    }
  }

  private JsonNode visibleOnly(Caller caller, JsonNode body) {
    for (String list : new String[] {"stateMachines", "activities"}) {
      if (body.path(list) instanceof ArrayNode items) {
        for (Iterator<JsonNode> it = items.iterator(); it.hasNext(); ) {
          JsonNode item = it.next();
          String arn = item.path("stateMachineArn").asText(item.path("activityArn").asText(null));
          if (!authorizer.canSee(caller, arn)) it.remove();
        }
      }
    }
    return body;
  }

  private Optional<String> requestedTeam(JsonNode request) {
    for (JsonNode tag : request.path("tags")) {
      if (tag.path("key").asText("").equals(config.teamTag())) {
        return Optional.of(tag.path("value").asText());
      }
    }
    return Optional.empty();
  }

  private static String resourceOf(JsonNode request) {
    for (String member : ApiActions.RESOURCE_MEMBERS) {
      if (request.path(member).isTextual()) return request.get(member).asText();
    }
    return null;
  }

  private static boolean isApiCall(ContainerRequestContext ctx) {
    String path = ctx.getUriInfo().getPath();
    return ctx.getMethod().equals("POST") && (path.isEmpty() || path.equals("/"));
  }

  private static String target(ContainerRequestContext ctx) {
    String t = ctx.getHeaderString("X-Amz-Target");
    return t != null && t.startsWith(TARGET_PREFIX) ? t.substring(TARGET_PREFIX.length()) : "?";
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode n =
          body == null || body.length == 0
              ? null
              : Json.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
      return n instanceof ObjectNode ? n : Json.object();
    } catch (Exception e) {
      return Json.object(); // the endpoint answers SerializationException
    }
  }

  private static byte[] entityBytes(ContainerResponseContext response) {
    Object e = response.getEntity();
    if (e instanceof String s) return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (e instanceof byte[] b) return b;
    return new byte[0];
  }

  private static Response denied(Caller caller, String action, String resource, String reason) {
    return error(
        "AccessDeniedException",
        400,
        "User: "
            + caller.name()
            + " is not authorized to perform: states:"
            + action
            + (resource == null ? "" : " on resource: " + resource)
            + " because "
            + reason);
  }

  private static Response databaseUnavailable(String action, RuntimeException e) {
    LOG.warnf("%s refused, the database is unreachable: %s", action, DatabaseOutage.summary(e));
    AwsError unavailable = AwsError.serviceUnavailable();
    return error(unavailable.type(), unavailable.status(), unavailable.getMessage());
  }

  static Response error(String type, int status, String message) {
    ObjectNode body = Json.object();
    body.put("__type", type);
    body.put("message", message);
    return Response.status(status)
        .type("application/x-amz-json-1.0")
        .header("x-amzn-ErrorType", type)
        .entity(Json.write(body))
        .build();
  }
}
