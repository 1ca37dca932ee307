package io.stepwise.api.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Times every AWS JSON call by action and outcome ({@code stepwise_api_requests_seconds}) and
 * counts the {@code GetActivityTask} long polls open on this node ({@code
 * stepwise_activity_polls}), which is how many worker poll loops are waiting here. Read from the
 * {@code X-Amz-Target} header, so no action class needs to know.
 */
// Created at boot so its meters show (as zero) before anything uses it.
@Startup
@ApplicationScoped
public class ApiRequestMetrics {
  private static final String TARGET_PREFIX = "AWSStepFunctions.";
  private static final String STARTED = ApiRequestMetrics.class.getName() + ".started";
  private static final String ACTION = ApiRequestMetrics.class.getName() + ".action";
  // Action names come from clients: bound the label values so a scanner cannot flood the registry.
  private static final Pattern ACTION_NAME = Pattern.compile("[A-Z][A-Za-z]{2,40}");
  private static final int MAX_ACTIONS = 80;

  private final MeterRegistry registry;
  private final AtomicInteger polls = new AtomicInteger();
  private final Set<String> actions = ConcurrentHashMap.newKeySet();

  public ApiRequestMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("stepwise.activity.polls", polls, AtomicInteger::get)
        .description("GetActivityTask long polls waiting on this node (worker poll loops)")
        .register(registry);
  }

  @ServerRequestFilter
  public void requestArrived(ContainerRequestContext request) {
    String target = request.getHeaderString("X-Amz-Target");
    if (target == null) return;
    String action = label(target);
    request.setProperty(STARTED, System.nanoTime());
    request.setProperty(ACTION, action);
    if (action.equals("GetActivityTask")) polls.incrementAndGet();
  }

  @ServerResponseFilter
  public void responseSent(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getProperty(STARTED) instanceof Long started)) return;
    String action = (String) request.getProperty(ACTION);
    request.removeProperty(STARTED);
    if (action.equals("GetActivityTask")) polls.decrementAndGet();
    int status = response.getStatus();
    Timer.builder("stepwise.api.requests")
        .description("AWS JSON API calls by action and outcome")
        .tag("action", action)
        .tag("outcome", status < 400 ? "ok" : status < 500 ? "client_error" : "server_error")
        .register(registry)
        .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private String label(String target) {
    String name = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
    if (!ACTION_NAME.matcher(name).matches()) return "unknown";
    if (actions.contains(name)) return name;
    if (actions.size() >= MAX_ACTIONS) return "other";
    actions.add(name);
    return name;
  }
}
