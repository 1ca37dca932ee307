package io.stepwise.api.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.engine.json.Json;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates each call of the AWS JSON endpoint ({@code POST /}) and of the EventBridge
 * Scheduler API (REST paths, routed under {@link #SCHEDULER_API}): a SigV4 signature with a
 * Stepwise access key, or an OpenID Connect bearer token, and hands the caller to the request
 * ({@link CurrentCaller}). What the caller may do is not decided here: the services ask the {@link
 * Authorizer} where they resolve the resource an action touches, and the endpoint audits the
 * changes. Refusals use AWS's error names, so SDKs raise their usual exceptions.
 */
@ApplicationScoped
public class ApiGuard {
  private static final Logger LOG = Logger.getLogger(ApiGuard.class);
  private static final String TARGET_PREFIX = "AWSStepFunctions.";

  /**
   * Where requests signed for the {@code scheduler} service are routed ({@code
   * protocol.SchedulerRouting}): the scheduler's paths ({@code /schedules}, ...) may meet the
   * pages', the signature tells them apart.
   */
  public static final String SCHEDULER_API = "/scheduler-api";

  @Inject SecurityConfig config;
  @Inject SecurityIdentity identity;
  @Inject Callers callers;
  @Inject AccessKeys keys;
  @Inject AuditLog audit;
  @Inject CurrentCaller current;

  @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
  public Response beforeDispatch(ContainerRequestContext ctx, HttpServerRequest http) {
    if (!config.enabled() || !isApiCall(ctx)) return null;
    try {
      return authenticate(ctx, http);
    } catch (RuntimeException e) {
      // Keys and the audit live in PostgreSQL: while it is unreachable the call gets the
      // endpoint's retryable answer, not the framework's internal error.
      if (!DatabaseOutage.causedBy(e)) throw e;
      return databaseUnavailable(target(ctx), e);
    }
  }

  private Response authenticate(ContainerRequestContext ctx, HttpServerRequest http) {
    byte[] body = bodyOf(ctx);
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
      Map<String, String> headers = signedHeaders(ctx, http);
      SigV4Verifier.Outcome outcome =
          SigV4Verifier.verify(
              isSchedulerCall(ctx.getUriInfo().getPath())
                  ? SigV4Verifier.SCHEDULER
                  : SigV4Verifier.STATES,
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

    current.set(caller);
    return null;
  }

  /**
   * The request's headers by lower-case name as SigV4 canonicalizes them: a header sent several
   * times has its values joined by commas; HTTP/2's {@code :authority} (an h2c upgrade too) stands
   * for {@code host}.
   */
  static Map<String, String> signedHeaders(ContainerRequestContext ctx, HttpServerRequest http) {
    Map<String, String> headers = new HashMap<>();
    ctx.getHeaders()
        .forEach(
            (k, v) ->
                headers.merge(
                    k.toLowerCase(Locale.ROOT), String.join(",", v), (a, b) -> a + "," + b));
    if (!headers.containsKey("host") && http.authority() != null) {
      headers.put("host", http.authority().toString());
    }
    return headers;
  }

  /** The request's body, read once and put back for the resource. */
  static byte[] bodyOf(ContainerRequestContext ctx) {
    byte[] body;
    try {
      body = ctx.getEntityStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.setEntityStream(new ByteArrayInputStream(body));
    return body;
  }

  private static boolean isApiCall(ContainerRequestContext ctx) {
    String path = ctx.getUriInfo().getPath();
    return (ctx.getMethod().equals("POST") && (path.isEmpty() || path.equals("/")))
        || isSchedulerCall(path);
  }

  /** Whether a (routed) path is the scheduler API's. */
  static boolean isSchedulerCall(String path) {
    return path.equals(SCHEDULER_API) || path.startsWith(SCHEDULER_API + "/");
  }

  private static String target(ContainerRequestContext ctx) {
    String path = ctx.getUriInfo().getPath();
    if (isSchedulerCall(path)) {
      return "scheduler " + ctx.getMethod() + " " + path.substring(SCHEDULER_API.length());
    }
    String t = ctx.getHeaderString("X-Amz-Target");
    return t != null && t.startsWith(TARGET_PREFIX) ? t.substring(TARGET_PREFIX.length()) : "?";
  }

  private static Response databaseUnavailable(String action, RuntimeException e) {
    LOG.warnf("%s refused, the database is unreachable: %s", action, DatabaseOutage.summary(e));
    return error("ServiceUnavailable", 503, DatabaseOutage.RETRY_MESSAGE);
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
