package io.stepwise.api.security;

import java.util.Optional;

/**
 * The owning resource of an ARN: teams own state machines and activities, so an execution, a
 * version, an alias or a Map Run belongs to its state machine's team.
 */
final class ResourceArns {
  private ResourceArns() {}

  /**
   * The state machine or activity ARN that owns {@code arn}, or empty when it is not a Step
   * Functions ARN.
   */
  static Optional<String> owner(String arn) {
    if (arn == null) return Optional.empty();
    // arn:aws:states:REGION:ACCOUNT:TYPE:REST
    String[] parts = arn.split(":", 7);
    if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("states")) {
      return Optional.empty();
    }
    String prefix = String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4]);
    String rest = parts[6];
    String type = parts[5];
    return switch (type) {
      case "activity" -> Optional.of(prefix + ":activity:" + firstName(rest));
      case "stateMachine", "execution", "express", "mapRun" ->
          Optional.of(prefix + ":stateMachine:" + firstName(rest));
      default -> Optional.empty();
    };
  }

  /** The state machine ARN for a name, in this server's region and account. */
  static String stateMachine(String region, String account, String name) {
    return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
  }

  static String activity(String region, String account, String name) {
    return "arn:aws:states:" + region + ":" + account + ":activity:" + name;
  }

  /** The name up to a version/alias suffix (":") or a Map label ("/"). */
  private static String firstName(String rest) {
    int end = rest.length();
    int colon = rest.indexOf(':');
    int slash = rest.indexOf('/');
    if (colon >= 0) end = Math.min(end, colon);
    if (slash >= 0) end = Math.min(end, slash);
    return rest.substring(0, end);
  }
}
