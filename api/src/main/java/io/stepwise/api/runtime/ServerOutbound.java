package io.stepwise.api.runtime;

import io.stepwise.engine.outbound.OutboundPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a definition can reach on this server: the object store, and only what an admin listed
 * beyond it. Every server-side read, write and fetch a definition steers (a distributed Map's
 * ItemReader and ResultWriter, in Standard and Express executions) goes through an {@link
 * OutboundPolicy} from here.
 *
 * <p>Each team has an object store of its own, {@code OBJECT_STORE/teams/TEAM/}: an execution of a
 * team's state machine reads and writes only there, so one team's definition cannot read or
 * overwrite another team's buckets. Executions of machines no team owns (local mode, an admin's)
 * use the object store's root, as before teams existed.
 */
@ApplicationScoped
public class ServerOutbound {
  private final Path objectStore;
  private final List<String> allowedRoots;
  private final List<String> allowedHosts;
  private final OutboundPolicy unowned;
  private final Map<String, OutboundPolicy> byTeam = new ConcurrentHashMap<>();

  public ServerOutbound(
      @ConfigProperty(name = "stepwise.object-store", defaultValue = "data/objects")
          String objectStore,
      @ConfigProperty(name = "stepwise.io.allowed-roots") Optional<List<String>> allowedRoots,
      @ConfigProperty(name = "stepwise.outbound.allowed-hosts")
          Optional<List<String>> allowedHosts) {
    this.objectStore = Path.of(objectStore);
    this.allowedRoots = allowedRoots.orElse(List.of());
    this.allowedHosts = allowedHosts.orElse(List.of());
    this.unowned = OutboundPolicy.confined(this.objectStore, this.allowedRoots, this.allowedHosts);
  }

  /** The policy of what no team owns: the whole object store, the listed roots and hosts. */
  public OutboundPolicy policy() {
    return unowned;
  }

  /** The policy of an execution whose state machine {@code team} owns (empty: no team). */
  public OutboundPolicy policyFor(Optional<String> team) {
    return team.map(
            t ->
                byTeam.computeIfAbsent(
                    t,
                    name ->
                        OutboundPolicy.confined(
                            teamStore(objectStore, name), allowedRoots, allowedHosts)))
        .orElse(unowned);
  }

  /**
   * A team's folder: its name URL-encoded, dots too, so that no team name ({@code ..}, {@code a/b})
   * names another folder.
   */
  static Path teamStore(Path objectStore, String team) {
    return objectStore
        .resolve("teams")
        .resolve(URLEncoder.encode(team, StandardCharsets.UTF_8).replace(".", "%2E"));
  }
}
