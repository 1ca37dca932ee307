package io.stepwise.web.subscription;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.web.page.PageRefusals;
import io.stepwise.web.page.Paths;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Notification subscriptions of the viewer's teams: the list (failing ones marked), the create form
 * with its event pattern checked as typed, one subscription with its delivery log (each attempt's
 * time, HTTP status or error) and the editor's delete and replay. The server's page guard asks for
 * the editor role on every change; the service resolves the subscription within the caller's teams
 * (another team's is 404) and asks again.
 */
@Path("/subscriptions")
@Produces(MediaType.TEXT_HTML)
public class SubscriptionsResource {
  /** Deliveries shown on a subscription's page. */
  static final int LOGGED = 100;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(List<TeamSubscriptions.Subscription> subscriptions);

    static native TemplateInstance subscription(
        TeamSubscriptions.Subscription subscription,
        String path,
        List<TeamSubscriptions.Delivery> deliveries);

    static native TemplateInstance created(TeamSubscriptions.WithSecret made, String path);

    static native TemplateInstance check(String problem);
  }

  private final Instance<TeamSubscriptions> subscriptions;
  private final PageRefusals refusals;

  public SubscriptionsResource(Instance<TeamSubscriptions> subscriptions, PageRefusals refusals) {
    this.subscriptions = subscriptions;
    this.refusals = refusals;
  }

  @GET
  public TemplateInstance list() {
    return Templates.list(service().list());
  }

  @POST
  public Response create(
      @FormParam("name") String name,
      @FormParam("eventPattern") String eventPattern,
      @FormParam("targetKind") String targetKind,
      @FormParam("webhookUrl") String webhookUrl,
      @FormParam("emailTo") String emailTo) {
    boolean mail = "email".equals(targetKind);
    List<String> to =
        mail && emailTo != null
            ? Arrays.stream(emailTo.split("[,;\\s]+")).filter(a -> !a.isBlank()).toList()
            : List.of();
    String url = mail || webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.strip();
    return change(
        "/subscriptions",
        () -> {
          TeamSubscriptions.WithSecret made =
              service()
                  .create(
                      new TeamSubscriptions.Spec(
                          name, blankIsAll(eventPattern), url, mail ? to : null));
          return Response.ok(Templates.created(made, path(made.subscription().id())))
              .header("Cache-Control", "no-store")
              .build();
        });
  }

  /** The create form's pattern, checked as it is typed (htmx): a line saying what is wrong. */
  @POST
  @Path("/check")
  public TemplateInstance check(@FormParam("eventPattern") String eventPattern) {
    Optional<String> problem = service().checkPattern(blankIsAll(eventPattern));
    return Templates.check(problem.orElse(null));
  }

  @GET
  @Path("/{id}")
  public Response subscription(@PathParam("id") String id) {
    try {
      TeamSubscriptions s = service();
      TeamSubscriptions.Subscription subscription = s.describe(id);
      return Response.ok(
              Templates.subscription(subscription, path(id), s.deliveries(id, LOGGED)).render())
          .build();
    } catch (ServiceException e) {
      return refusals.of(e, "/subscriptions");
    }
  }

  @POST
  @Path("/{id}/delete")
  public Response delete(@PathParam("id") String id) {
    return change(
        "/subscriptions",
        () -> {
          service().delete(id);
          return Response.seeOther(URI.create("/subscriptions")).build();
        });
  }

  @POST
  @Path("/{id}/deliveries/{delivery}/replay")
  public Response replay(@PathParam("id") String id, @PathParam("delivery") String delivery) {
    return change(
        path(id),
        () -> {
          service().replay(id, delivery);
          return Response.seeOther(URI.create(path(id) + "#deliveries")).build();
        });
  }

  private Response change(String back, Supplier<Response> change) {
    try {
      return change.get();
    } catch (ServiceException e) {
      return refusals.of(e, back);
    }
  }

  /** An empty pattern field is EventBridge's {@code {}}: every event. */
  private static String blankIsAll(String pattern) {
    return pattern == null || pattern.isBlank() ? "{}" : pattern;
  }

  static String path(String id) {
    return "/subscriptions/" + Paths.encode(id);
  }

  private TeamSubscriptions service() {
    if (!subscriptions.isResolvable()) {
      throw new NotFoundException("This server keeps no subscriptions");
    }
    return subscriptions.get();
  }
}
