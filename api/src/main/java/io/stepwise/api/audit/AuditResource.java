package io.stepwise.api.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smallrye.common.annotation.Blocking;
import io.stepwise.engine.json.Json;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The audit log for admins (the page guard lets only admins in): a page, CSV and JSON export. */
@Path("/security")
@Blocking
public class AuditResource {
  private static final int LIMIT = 10_000;
  @Inject AuditLog audit;

  /** Entries per page of the audit page. */
  static final int PAGE = 100;

  /**
   * The audit page: filters (actor and resource by a part, action and outcome exactly, workers'
   * routine calls left out unless asked for), newest first, a page of {@value #PAGE} with a link to
   * the older ones.
   */
  @GET
  @Path("audit")
  @Produces(MediaType.TEXT_HTML)
  public String page(
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("resource") String resource,
      @QueryParam("outcome") String outcome,
      @QueryParam("routine") boolean routine,
      @QueryParam("before") Long before) {
    AuditLog.Filter filter = new AuditLog.Filter(actor, action, resource, outcome, routine);
    List<AuditLog.Entry> entries = audit.page(filter, before, PAGE + 1);
    String query =
        "actor="
            + encode(actor)
            + "&action="
            + encode(action)
            + "&resource="
            + encode(resource)
            + "&outcome="
            + encode(outcome)
            + (routine ? "&routine=true" : "");
    String older = entries.size() > PAGE ? query + "&before=" + entries.get(PAGE - 1).id() : null;
    String newest = before == null ? null : query;
    return AuditPages.audit(
            filter, entries.subList(0, Math.min(PAGE, entries.size())), newest, older)
        .render();
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s == null ? "" : s, java.nio.charset.StandardCharsets.UTF_8);
  }

  @GET
  @Path("audit.json")
  @Produces(MediaType.APPLICATION_JSON)
  public String json(@QueryParam("since") String since) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (AuditLog.Entry e : audit.newest(LIMIT, since(since))) {
      out.addObject()
          .put("id", e.id())
          .put("at", e.at().toString())
          .put("actor", e.actor())
          .put("source", e.source())
          .put("action", e.action())
          .put("resource", e.resource())
          .put("outcome", e.outcome())
          .put("detail", e.detail());
    }
    return Json.write(out);
  }

  @GET
  @Path("audit.csv")
  @Produces("text/csv")
  public Response csv(@QueryParam("since") String since) {
    StringBuilder b = new StringBuilder("id,at,actor,source,action,resource,outcome,detail\n");
    for (AuditLog.Entry e : audit.newest(LIMIT, since(since))) {
      b.append(e.id())
          .append(',')
          .append(e.at())
          .append(',')
          .append(cell(e.actor()))
          .append(',')
          .append(cell(e.source()))
          .append(',')
          .append(cell(e.action()))
          .append(',')
          .append(cell(e.resource()))
          .append(',')
          .append(cell(e.outcome()))
          .append(',')
          .append(cell(e.detail()))
          .append('\n');
    }
    return Response.ok(b.toString())
        .header("Content-Disposition", "attachment; filename=\"stepwise-audit.csv\"")
        .build();
  }

  /** The {@code since} parameter: null when absent; a 400 when it is not an ISO-8601 instant. */
  private static Instant since(String since) {
    if (since == null || since.isEmpty()) return null;
    try {
      return Instant.parse(since);
    } catch (DateTimeParseException e) {
      throw new BadRequestException(
          Response.status(400)
              .type(MediaType.TEXT_PLAIN)
              .entity(
                  "Bad request: since must be an ISO-8601 instant such as 2026-01-31T12:00:00Z.\n")
              .build());
    }
  }

  private static String cell(String s) {
    if (s == null) return "";
    // A leading = + - @ would be a formula in a spreadsheet.
    String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }
}
