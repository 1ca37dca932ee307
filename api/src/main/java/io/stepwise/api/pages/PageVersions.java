package io.stepwise.api.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stepwise.api.arn.Arn;
import io.stepwise.api.authentication.Callers;
import io.stepwise.api.statemachine.Versions;
import io.stepwise.api.statemachine.store.PgVersions;
import io.stepwise.engine.json.Json;
import io.stepwise.web.statemachine.MachineVersions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * web-ui's {@link MachineVersions}: the {@link Versions} service called with the page request's
 * caller (viewers list, editors publish and route aliases; the service checks role and team).
 */
@ApplicationScoped
public class PageVersions implements MachineVersions {
  /** The versions a page lists (AWS keeps at most 1,000 per machine). */
  static final int LISTED = 100;

  private final Versions versions;
  private final Callers callers;

  public PageVersions(Versions versions, Callers callers) {
    this.versions = versions;
    this.callers = callers;
  }

  @Override
  public List<Version> versions(String stateMachineArn) {
    return versions.listVersions(callers.current(), stateMachineArn, LISTED, null).items().stream()
        .map(PageVersions::version)
        .toList();
  }

  @Override
  public List<Alias> aliases(String stateMachineArn) {
    return versions.listAliases(callers.current(), stateMachineArn, LISTED, null).items().stream()
        .map(
            a ->
                new Alias(
                    a.arn(),
                    a.name(),
                    a.description(),
                    routes((ArrayNode) Json.parseTrusted(a.routing()))))
        .toList();
  }

  @Override
  public Version publish(String stateMachineArn, String description) {
    return version(versions.publish(callers.current(), stateMachineArn, null, description));
  }

  @Override
  public void route(String aliasArn, List<Route> routes) {
    String machine = aliasArn.substring(0, aliasArn.lastIndexOf(':'));
    ArrayNode routing = Json.NODES.arrayNode();
    for (Route r : routes) {
      routing
          .addObject()
          .put("stateMachineVersionArn", machine + ":" + r.version())
          .put("weight", r.weight());
    }
    versions.updateAlias(callers.current(), aliasArn, null, routing);
  }

  @Override
  public Optional<Version> version(String stateMachineArn, int number) {
    return versions.listVersions(callers.current(), stateMachineArn, 1000, null).items().stream()
        .filter(v -> v.version() == number)
        .findFirst()
        .map(PageVersions::version);
  }

  private static Version version(PgVersions.Version v) {
    return new Version(
        v.arn(), v.version(), v.description(), v.createdAt(), v.definition(), v.publishedBy());
  }

  private static List<Route> routes(ArrayNode routing) {
    List<Route> out = new ArrayList<>();
    for (JsonNode r : routing) {
      String arn = r.path("stateMachineVersionArn").asText("");
      Optional<Arn> parsed = Arn.parse(arn);
      int number = parsed.map(a -> Integer.parseInt(a.qualifier())).orElse(0);
      out.add(new Route(number, r.path("weight").asInt()));
    }
    return out;
  }
}
