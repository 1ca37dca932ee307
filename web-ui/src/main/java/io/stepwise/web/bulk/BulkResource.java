package io.stepwise.web.bulk;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.web.statemachine.StateMachineCatalog;
import io.stepwise.web.timetravel.Recordings;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Bulk actions on executions (issue 23): the list posts the executions ticked, or its search, with
 * an action here; this page confirms with the count; confirmed, the page posts one chunk at a time
 * to {@code /run} (each request stops or redrives up to {@value BulkSelection#CHUNK} executions
 * through the {@link ExecutionService}, which checks the caller's role and team on each one and
 * audits it), and shows the progress and each execution's outcome as it goes. An export is one zip
 * of the executions' export files. Every request is a POST, so the CSRF guard checks it.
 */
@Path("/executions/bulk")
@Produces(MediaType.TEXT_HTML)
public class BulkResource {
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance confirm(BulkConfirmation confirmation);

    static native TemplateInstance progress(BulkProgress progress);

    static native TemplateInstance problem(String message);
  }

  private final ExecutionService executions;
  private final StateMachineCatalog catalog;
  private final Recordings recordings;

  public BulkResource(
      ExecutionService executions, StateMachineCatalog catalog, Recordings recordings) {
    this.executions = executions;
    this.catalog = catalog;
    this.recordings = recordings;
  }

  /** The confirmation: what will be done to how many executions. */
  @POST
  public Response confirm(@BeanParam BulkForm form) {
    BulkAction action = form.action();
    if (action == null) return badRequest("Choose stop, redrive or export.");
    form.before = System.currentTimeMillis();
    int count;
    List<String> names = new ArrayList<>();
    try {
      if (form.wholeSearch()) {
        count = BulkSelection.count(executions, query(form), form.beforeInstant());
        form.limit = count < 0 ? BulkSelection.MAX : count;
      } else {
        count = form.picked().size();
        form.limit = count;
        for (String arn : form.picked()) names.add(arn.substring(arn.lastIndexOf(':') + 1));
      }
    } catch (ServiceException e) {
      return badRequest(e.getMessage());
    }
    return Response.ok(Templates.confirm(new BulkConfirmation(action, form, count, names))).build();
  }

  /** One chunk of a confirmed stop or redrive, and the progress so far. */
  @POST
  @Path("/run")
  public Response run(@BeanParam BulkForm form) {
    BulkAction action = form.action();
    if (action == null || action == BulkAction.EXPORT || form.limit == null) {
      return badRequest("Confirm the bulk action first.");
    }
    BulkSelection.Chunk chunk;
    try {
      chunk = selection(form).chunk(executions, form.cursor, form.done);
    } catch (ServiceException | NumberFormatException e) {
      return badRequest("The selection could not be read: " + e.getMessage());
    }
    List<BulkProgress.Outcome> outcomes = new ArrayList<>();
    for (ExecutionSummary e : chunk.executions()) {
      try {
        action.apply(executions, e.executionArn());
        outcomes.add(new BulkProgress.Outcome(e, true, action.done()));
        form.succeeded++;
      } catch (ServiceException refused) {
        outcomes.add(new BulkProgress.Outcome(e, false, refused.getMessage()));
        form.failed++;
      }
      form.done++;
    }
    form.cursor = chunk.next();
    return Response.ok(Templates.progress(new BulkProgress(action, form, outcomes))).build();
  }

  /**
   * The executions as one zip: each one's export file ({@code ./stepwise run} and {@code replay}
   * read it), and {@code not-exported.txt} naming those the caller may not see. Written to a
   * temporary file first, so the caller's access is checked while the request is theirs.
   */
  @POST
  @Path("/export")
  @Produces("application/zip")
  public Response export(@BeanParam BulkForm form) throws IOException {
    if (form.limit == null) return badRequest("Confirm the export first.");
    java.nio.file.Path zip = Files.createTempFile("stepwise-export", ".zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      BulkSelection selection = selection(form);
      List<String> refused = new ArrayList<>();
      Set<String> names = new HashSet<>();
      String cursor = null;
      int done = 0;
      do {
        BulkSelection.Chunk chunk = selection.chunk(executions, cursor, done);
        for (ExecutionSummary e : chunk.executions()) {
          try {
            byte[] file =
                Json.write(recordings.of(e.executionArn()).export().toJson())
                    .getBytes(StandardCharsets.UTF_8);
            String name = e.name().replaceAll("[^A-Za-z0-9_-]", "_");
            if (!names.add(name)) name = name + "-" + names.size();
            out.putNextEntry(new ZipEntry(name + ".json"));
            out.write(file);
            out.closeEntry();
          } catch (ServiceException | jakarta.ws.rs.WebApplicationException x) {
            refused.add(e.executionArn() + ": " + x.getMessage());
          }
          done++;
        }
        cursor = chunk.next();
      } while (cursor != null);
      if (!refused.isEmpty()) {
        out.putNextEntry(new ZipEntry("not-exported.txt"));
        out.write((String.join("\n", refused) + "\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    } catch (ServiceException e) {
      Files.deleteIfExists(zip);
      return badRequest(e.getMessage());
    }
    StreamingOutput body =
        (OutputStream os) -> {
          try {
            Files.copy(zip, os);
          } finally {
            try {
              Files.deleteIfExists(zip);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    return Response.ok(body, "application/zip")
        .header("Content-Disposition", "attachment; filename=\"executions.zip\"")
        .build();
  }

  private BulkSelection selection(BulkForm form) {
    int limit = Math.min(BulkSelection.MAX, Math.max(0, form.limit));
    return form.wholeSearch()
        ? new BulkSelection(List.of(), query(form), form.beforeInstant(), limit)
        : new BulkSelection(form.picked(), null, form.beforeInstant(), limit);
  }

  private ExecutionQuery query(BulkForm form) {
    return form.filter().query(catalog.filterArn(form.stateMachine));
  }

  private static Response badRequest(String message) {
    return Response.status(400).entity(Templates.problem(message)).build();
  }
}
