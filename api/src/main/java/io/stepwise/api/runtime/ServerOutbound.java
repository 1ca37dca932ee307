package io.stepwise.api.runtime;

import io.stepwise.engine.outbound.OutboundPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a definition can reach on this server: the object store, and only what an admin listed
 * beyond it. Every server-side read, write and fetch a definition steers (a distributed Map's
 * ItemReader and ResultWriter, in Standard and Express executions) goes through this one {@link
 * OutboundPolicy}.
 */
@ApplicationScoped
public class ServerOutbound {
  private final OutboundPolicy policy;

  public ServerOutbound(
      @ConfigProperty(name = "stepwise.object-store", defaultValue = "data/objects")
          String objectStore,
      @ConfigProperty(name = "stepwise.io.allowed-roots") Optional<List<String>> allowedRoots,
      @ConfigProperty(name = "stepwise.outbound.allowed-hosts")
          Optional<List<String>> allowedHosts) {
    this.policy =
        OutboundPolicy.confined(
            Path.of(objectStore), allowedRoots.orElse(List.of()), allowedHosts.orElse(List.of()));
  }

  public OutboundPolicy policy() {
    return policy;
  }
}
