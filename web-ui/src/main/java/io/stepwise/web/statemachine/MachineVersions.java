package io.stepwise.web.statemachine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Extension point: a state machine's published versions and aliases for the page's caller, and the
 * editor's changes to them (the server's {@code pages.PageVersions} over its Versions service,
 * which checks the caller's team and role). Without one the machine page lists no versions.
 */
public interface MachineVersions {
  /**
   * A published version; {@code definition} is the text it froze, {@code publishedBy} who published
   * it (null when not recorded: versions older than the record, or the server's own).
   */
  record Version(
      String arn,
      int number,
      String description,
      Instant createdAt,
      String definition,
      String publishedBy) {}

  /** One route of an alias: a version and the percentage of starts it gets. */
  record Route(int version, int weight) {}

  record Alias(String arn, String name, String description, List<Route> routes) {}

  /** The machine's versions, newest first (the latest 100). */
  List<Version> versions(String stateMachineArn);

  /** The machine's aliases by name. */
  List<Alias> aliases(String stateMachineArn);

  /** Publishes the machine's current definition (AWS returns the latest version when unchanged). */
  Version publish(String stateMachineArn, String description);

  /** Routes the alias to these versions (one, or two whose weights add up to 100). */
  void route(String aliasArn, List<Route> routes);

  /** Version {@code number} of the machine, if published and visible. */
  Optional<Version> version(String stateMachineArn, int number);
}
