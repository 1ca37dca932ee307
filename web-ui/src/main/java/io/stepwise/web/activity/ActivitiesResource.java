package io.stepwise.web.activity;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The activities page: each activity and task resource with its tasks waiting, the oldest wait,
 * tasks in progress, overdue heartbeats and the workers that polled it in the last {@link #RECENT}
 * ({@code ?resource=} shows one, as a waiting Task state links to it).
 */
@Path("/activities")
@Produces(MediaType.TEXT_HTML)
public class ActivitiesResource {
  /** Workers heard polling within this window are listed. */
  static final Duration RECENT = Duration.ofMinutes(5);

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(
        List<TaskResource> resources, String resource, long minutes, String livePath);

    static native TemplateInstance table(
        List<TaskResource> resources, String resource, long minutes, String livePath);
  }

  private final Instance<TaskResources> resources;

  public ActivitiesResource(Instance<TaskResources> resources) {
    this.resources = resources;
  }

  @GET
  public TemplateInstance list(@QueryParam("resource") String resource) {
    boolean one = resource != null && !resource.isBlank();
    return Templates.list(
        visible(resource), one ? resource : "", RECENT.toMinutes(), livePath(resource));
  }

  /** The table alone: the page fetches it again when the server says something changed. */
  @GET
  @Path("/live")
  public TemplateInstance live(@QueryParam("resource") String resource) {
    boolean one = resource != null && !resource.isBlank();
    return Templates.table(
        visible(resource), one ? resource : "", RECENT.toMinutes(), livePath(resource));
  }

  private List<TaskResource> visible(String resource) {
    List<TaskResource> all = resources.isResolvable() ? resources.get().visible(RECENT) : List.of();
    return resource == null || resource.isBlank()
        ? all
        : all.stream().filter(r -> r.resource().equals(resource)).toList();
  }

  private static String livePath(String resource) {
    return resource == null || resource.isBlank()
        ? "/activities/live"
        : "/activities/live?resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8);
  }
}
