package io.stepwise.web.schedule;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.service.ScheduleService;
import io.stepwise.engine.service.ScheduleService.ExpressionCheck;
import io.stepwise.engine.service.ScheduleService.ScheduleView;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.web.page.Paths;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

/**
 * The schedule pages: the caller's schedules, one schedule (its next fire times in its time zone
 * and the viewer's, its latest fires linked to their executions, enable, disable, run now, edit,
 * delete), the form for a new one, the check of a schedule as it is typed, and the schedules of a
 * state machine for that machine's page. The server's {@link ScheduleService} decides what the
 * caller may see and do, with the scheduler API's rules; without one (this module alone) there are
 * no schedule pages.
 */
@Path("/schedules")
@Produces(MediaType.TEXT_HTML)
public class SchedulesResource {
  private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance list(List<ScheduleRow> schedules);

    static native TemplateInstance schedule(
        ScheduleRow schedule, ScheduleFormFields form, String message);

    static native TemplateInstance create(ScheduleFormFields form, String message);

    static native TemplateInstance check(ExpressionCheck check, List<FireTime> upcoming);

    static native TemplateInstance ofMachine(List<ScheduleRow> schedules, String newPath);
  }

  private final Instance<ScheduleService> services;

  public SchedulesResource(Instance<ScheduleService> services) {
    this.services = services;
  }

  private ScheduleService service() {
    if (!services.isResolvable()) throw new NotFoundException();
    return services.get();
  }

  @GET
  public TemplateInstance list() {
    return Templates.list(service().list(null).stream().map(ScheduleRow::of).toList());
  }

  /** The schedules of a state machine, for its page (loaded by htmx). */
  @GET
  @Path("/of-machine")
  public TemplateInstance ofMachine(@QueryParam("stateMachineArn") String machine) {
    if (machine == null || !services.isResolvable()) return Templates.ofMachine(List.of(), null);
    List<ScheduleRow> rows =
        services.get().list(machine).stream()
            .map(v -> services.get().describe(v.group(), v.name()).orElse(v))
            .map(ScheduleRow::of)
            .toList();
    return Templates.ofMachine(rows, "/schedules/new?stateMachineArn=" + Paths.encode(machine));
  }

  @GET
  @Path("/new")
  public TemplateInstance newSchedule(@QueryParam("stateMachineArn") String machine) {
    service();
    return Templates.create(ScheduleFormFields.empty(machine == null ? "" : machine), "");
  }

  @POST
  @Consumes(FORM)
  public Response create(@BeanParam PostedSchedule posted) {
    ScheduleFormFields fields = posted.fields();
    try {
      String arn = service().save(fields.form(), false);
      return Response.seeOther(URI.create(Paths.schedule(arn))).build();
    } catch (ServiceException | IllegalArgumentException e) {
      return Response.status(400).entity(Templates.create(fields, message(e))).build();
    }
  }

  /** Checks a schedule as it is typed (htmx): its next fire times, or what is wrong. */
  @POST
  @Path("/check")
  @Consumes(FORM)
  public TemplateInstance check(@BeanParam PostedSchedule posted) {
    // The check is the timing's and the input's: the other fields are not read.
    ScheduleFormFields fields = posted.fields();
    ExpressionCheck check;
    try {
      check = service().check(fields.form(), 5);
    } catch (IllegalArgumentException e) {
      check = new ExpressionCheck(false, e.getMessage(), List.of());
    }
    return Templates.check(check, FireTime.of(check.upcoming(), posted.timezone));
  }

  @GET
  @Path("/{group}/{name}")
  public TemplateInstance schedule(
      @PathParam("group") String group, @PathParam("name") String name) {
    ScheduleView v = existing(group, name);
    return Templates.schedule(ScheduleRow.of(v), ScheduleFormFields.of(v), "");
  }

  /** Replaces the schedule with the edit form's fields. */
  @POST
  @Path("/{group}/{name}")
  @Consumes(FORM)
  public Response update(
      @PathParam("group") String group,
      @PathParam("name") String name,
      @BeanParam PostedSchedule posted) {
    ScheduleView v = existing(group, name);
    ScheduleFormFields fields = posted.fields(v.group(), v.name());
    try {
      service().save(fields.form(), true);
      return Response.seeOther(URI.create(Paths.schedule(v.arn()))).build();
    } catch (ServiceException | IllegalArgumentException e) {
      return Response.status(400)
          .entity(Templates.schedule(ScheduleRow.of(v), fields, message(e)))
          .build();
    }
  }

  @POST
  @Path("/{group}/{name}/enable")
  public Response enable(@PathParam("group") String group, @PathParam("name") String name) {
    return act(group, name, arn -> service().setEnabled(arn, true));
  }

  @POST
  @Path("/{group}/{name}/disable")
  public Response disable(@PathParam("group") String group, @PathParam("name") String name) {
    return act(group, name, arn -> service().setEnabled(arn, false));
  }

  @POST
  @Path("/{group}/{name}/run")
  public Response run(@PathParam("group") String group, @PathParam("name") String name) {
    return act(group, name, arn -> service().runNow(arn));
  }

  @POST
  @Path("/{group}/{name}/delete")
  public Response delete(@PathParam("group") String group, @PathParam("name") String name) {
    ScheduleView v = existing(group, name);
    try {
      service().delete(v.arn());
      return Response.seeOther(URI.create("/schedules")).build();
    } catch (ServiceException e) {
      return refused(v, e);
    }
  }

  /** Does something to the schedule and shows it again, or the refusal. */
  private Response act(String group, String name, Consumer<String> action) {
    ScheduleView v = existing(group, name);
    try {
      action.accept(v.arn());
      return Response.seeOther(URI.create(Paths.schedule(v.arn()))).build();
    } catch (ServiceException e) {
      return refused(v, e);
    }
  }

  private Response refused(ScheduleView v, ServiceException e) {
    return Response.status(e.code().equals("AccessDeniedException") ? 403 : 400)
        .entity(Templates.schedule(ScheduleRow.of(v), ScheduleFormFields.of(v), message(e)))
        .build();
  }

  private ScheduleView existing(String group, String name) {
    return service().describe(group, name).orElseThrow(NotFoundException::new);
  }

  private static String message(RuntimeException e) {
    return e instanceof ServiceException s ? s.code() + ": " + s.getMessage() : e.getMessage();
  }
}
