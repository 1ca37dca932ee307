package io.stepwise.api.protocol;

import io.stepwise.api.authentication.ApiGuard;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Routes EventBridge Scheduler calls: a request to {@code /schedules…}, {@code /schedule-groups…}
 * or {@code /tags/…} whose SigV4 credential scope names the {@code scheduler} service goes to
 * {@link SchedulerEndpoint} (under {@link ApiGuard#SCHEDULER_API}); the same path without such a
 * signature stays the pages'. The raw path and query are kept, so the signature is verified on the
 * request as the client sent it.
 */
public class SchedulerRouting {

  @ServerRequestFilter(preMatching = true)
  public void route(ContainerRequestContext ctx) {
    if (!signedForScheduler(ctx.getHeaderString("Authorization"))) return;
    URI uri = ctx.getUriInfo().getRequestUri();
    String path = uri.getRawPath();
    if (!isSchedulerPath(path)) return;
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    ctx.setRequestUri(uri.resolve(ApiGuard.SCHEDULER_API + path + query));
  }

  static boolean isSchedulerPath(String path) {
    return path.equals("/schedules")
        || path.startsWith("/schedules/")
        || path.equals("/schedule-groups")
        || path.startsWith("/schedule-groups/")
        || path.startsWith("/tags/");
  }

  /** Whether an {@code Authorization} header is a SigV4 signature scoped to {@code scheduler}. */
  static boolean signedForScheduler(String authorization) {
    if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) return false;
    int credential = authorization.indexOf("Credential=");
    if (credential < 0) return false;
    int end = authorization.indexOf(',', credential);
    String[] scope =
        authorization
            .substring(credential + "Credential=".length(), end < 0 ? authorization.length() : end)
            .trim()
            .split("/");
    return scope.length == 5 && scope[3].equals("scheduler");
  }
}
