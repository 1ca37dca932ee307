package io.stepwise.web.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.web.graph.DefinitionDrawings;
import io.stepwise.web.graph.PaintedGraph;
import io.stepwise.web.graph.StatePaint;
import io.stepwise.web.page.Paths;
import io.stepwise.web.page.PrettyJson;
import io.stepwise.web.statemachine.MachineVersions;
import io.stepwise.web.statemachine.StateMachineCatalog;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /state-machines/{name}/diff?from=&to=}: two versions of a machine (or a version and the
 * current definition, {@code to=current} or no {@code to}) side by side: the definition texts line
 * against line and the two graphs with the added, removed and changed states marked.
 */
@Path("/state-machines/{name}/diff")
@Produces(MediaType.TEXT_HTML)
public class DiffResource {
  /** The {@code to} that names the machine's current definition. */
  static final String CURRENT = "current";

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance diff(
        StateMachineDetail machine,
        String base,
        List<MachineVersions.Version> versions,
        Integer fromNumber,
        Integer toNumber,
        String problem,
        Comparison comparison);
  }

  /**
   * One side: its title, its text, its graph (null when it cannot be drawn) and the prefix that
   * keeps its SVG's ids apart from the other side's.
   */
  public record Side(String title, String text, PaintedGraph graph, String prefix) {}

  /** What the page compares: the two sides, the line rows and the changed states. */
  public record Comparison(
      Side before,
      Side after,
      List<TextDiff.Row> rows,
      boolean tooLongForLines,
      Map<String, StateChanges.Change> states) {
    public List<Side> sides() {
      return List.of(before, after);
    }

    public boolean same() {
      return states.isEmpty() && !TextDiff.anyChange(rows) && !tooLongForLines;
    }
  }

  private final StateMachineCatalog catalog;
  private final Instance<MachineVersions> versions;
  private final DefinitionDrawings drawings;

  public DiffResource(
      StateMachineCatalog catalog,
      Instance<MachineVersions> versions,
      DefinitionDrawings drawings) {
    this.catalog = catalog;
    this.versions = versions;
    this.drawings = drawings;
  }

  @GET
  public Response diff(
      @PathParam("name") String name,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    StateMachineDetail machine = catalog.byName(name);
    String base = Paths.stateMachine(name);
    List<MachineVersions.Version> listed =
        versions.isResolvable() ? versions.get().versions(machine.arn()) : List.of();
    String toValue = blank(to) ? CURRENT : to.strip();
    if (blank(from)) {
      return page(200, machine, base, listed, "", toValue, null, null);
    }
    Picked before = pick(machine, "from", from.strip());
    Picked after = CURRENT.equals(toValue) ? current(machine) : pick(machine, "to", toValue);
    if (before.problem != null || after.problem != null) {
      Picked bad = before.problem != null ? before : after;
      return page(bad.status, machine, base, listed, from.strip(), toValue, bad.problem, null);
    }
    return page(200, machine, base, listed, from.strip(), toValue, null, compare(before, after));
  }

  private Response page(
      int status,
      StateMachineDetail machine,
      String base,
      List<MachineVersions.Version> listed,
      String from,
      String to,
      String problem,
      Comparison comparison) {
    return Response.status(status)
        .entity(
            Templates.diff(machine, base, listed, number(from), number(to), problem, comparison))
        .build();
  }

  /** A side picked by the query, or why it cannot be. */
  private record Picked(String title, String definition, String problem, int status) {
    static Picked problem(int status, String problem) {
      return new Picked(null, null, problem, status);
    }
  }

  private Picked current(StateMachineDetail machine) {
    return new Picked("Current definition", machine.definition(), null, 200);
  }

  private Picked pick(StateMachineDetail machine, String field, String value) {
    int number;
    try {
      number = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return Picked.problem(
          400,
          "'"
              + field
              + "' must be a version number or '"
              + CURRENT
              + "', not '"
              + shortened(value)
              + "'.");
    }
    Optional<MachineVersions.Version> version =
        versions.isResolvable() ? versions.get().version(machine.arn(), number) : Optional.empty();
    return version
        .map(v -> new Picked("Version " + v.number(), v.definition(), null, 200))
        .orElseGet(
            () ->
                Picked.problem(
                    404, "'" + field + "': " + machine.name() + " has no version " + number + "."));
  }

  private Comparison compare(Picked before, Picked after) {
    String oldText = PrettyJson.of(before.definition);
    String newText = PrettyJson.of(after.definition);
    List<TextDiff.Row> rows = TextDiff.rows(oldText, newText);
    JsonNode oldJson = Json.parseTrusted(before.definition);
    JsonNode newJson = Json.parseTrusted(after.definition);
    StateChanges changes = StateChanges.between(oldJson, newJson);
    return new Comparison(
        new Side(
            before.title,
            oldText,
            graph(before.definition, oldJson, changes.paintsBefore()),
            "from-"),
        new Side(
            after.title, newText, graph(after.definition, newJson, changes.paintsAfter()), "to-"),
        rows,
        rows.isEmpty() && !(oldText.isEmpty() && newText.isEmpty()),
        changes.all());
  }

  private PaintedGraph graph(String text, JsonNode json, Map<String, StatePaint> paints) {
    try {
      return PaintedGraph.paint(drawings.of(text, DefinitionParser.parse(json)), paints);
    } catch (DefinitionException e) {
      return null; // published before a validator change: the text is still compared
    }
  }

  /** The version number a picker preselects, or null (the current definition, or no pick). */
  private static Integer number(String value) {
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String shortened(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…" : value;
  }
}
