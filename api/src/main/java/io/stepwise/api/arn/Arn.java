package io.stepwise.api.arn;

import java.util.Optional;

/**
 * A Step Functions ARN, read into its parts: {@code arn:PARTITION:states:REGION:ACCOUNT:TYPE:...}.
 * The one place ARNs are parsed and printed ({@link #parse}, {@link #toString}); {@link Arns}
 * builds the ARNs of this installation and refuses any other.
 *
 * <p>What {@code name}, {@code qualifier} and {@code runId} hold by kind:
 *
 * <table>
 *   <tr><td>STATE_MACHINE</td><td>{@code stateMachine:NAME}</td></tr>
 *   <tr><td>VERSION</td><td>{@code stateMachine:NAME:3} (qualifier: the number)</td></tr>
 *   <tr><td>ALIAS</td><td>{@code stateMachine:NAME:prod} (qualifier: the alias name)</td></tr>
 *   <tr><td>EXECUTION</td><td>{@code execution:MACHINE:NAME}</td></tr>
 *   <tr><td>EXPRESS_EXECUTION</td><td>{@code express:MACHINE:NAME:RUN_ID}</td></tr>
 *   <tr><td>MAP_RUN</td><td>{@code mapRun:MACHINE/LABEL:RUN_ID} (qualifier: the run id)</td></tr>
 *   <tr><td>ACTIVITY</td><td>{@code activity:NAME}</td></tr>
 * </table>
 *
 * The machine name of a distributed Map's child is {@code MACHINE/LABEL}: names may not hold {@code
 * /} (AWS's naming rule), so the part before it is the state machine that owns the child.
 */
public record Arn(
    String partition,
    String region,
    String account,
    Kind kind,
    String name,
    String qualifier,
    String runId) {

  /** What an ARN names, with the type segment it is written with. */
  public enum Kind {
    STATE_MACHINE("stateMachine"),
    VERSION("stateMachine"),
    ALIAS("stateMachine"),
    EXECUTION("execution"),
    EXPRESS_EXECUTION("express"),
    MAP_RUN("mapRun"),
    ACTIVITY("activity");

    private final String segment;

    Kind(String segment) {
      this.segment = segment;
    }

    /** The type segment of the ARN ({@code stateMachine}, {@code execution}, ...). */
    public String segment() {
      return segment;
    }
  }

  /** Reads a Step Functions ARN of any region and account; empty for anything else. */
  public static Optional<Arn> parse(String text) {
    if (text == null) return Optional.empty();
    String[] p = text.split(":", -1);
    if (p.length < 7
        || !p[0].equals("arn")
        || !p[1].startsWith("aws")
        || !p[2].equals("states")
        || p[3].isEmpty()
        || p[4].isEmpty()) {
      return Optional.empty();
    }
    for (int i = 6; i < p.length; i++) if (p[i].isEmpty()) return Optional.empty();
    Kind kind =
        switch (p[5]) {
          case "stateMachine" ->
              p.length == 7
                  ? Kind.STATE_MACHINE
                  : p.length == 8 ? (digits(p[7]) ? Kind.VERSION : Kind.ALIAS) : null;
          case "execution" -> p.length == 8 ? Kind.EXECUTION : null;
          case "express" -> p.length == 9 ? Kind.EXPRESS_EXECUTION : null;
          case "activity" -> p.length == 7 ? Kind.ACTIVITY : null;
          // A Map's label is a state name, which may hold ':': the run id is the last part.
          case "mapRun" -> p.length >= 8 ? Kind.MAP_RUN : null;
          default -> null;
        };
    if (kind == null) return Optional.empty();
    String name = p[6];
    String qualifier = p.length > 7 ? p[7] : null;
    String runId = kind == Kind.EXPRESS_EXECUTION ? p[8] : null;
    if (kind == Kind.MAP_RUN) {
      int last = text.lastIndexOf(':');
      int start = text.indexOf(":mapRun:") + ":mapRun:".length();
      name = text.substring(start, last);
      qualifier = text.substring(last + 1);
    }
    return Optional.of(new Arn(p[1], p[3], p[4], kind, name, qualifier, runId));
  }

  /**
   * Whether the text is meant as an activity's ARN ({@code arn:…:states:…:activity:…}), well formed
   * or not: a worker polling one must name an activity of this installation, while other resource
   * strings name what workers serve themselves (functions).
   */
  public static boolean namesActivity(String text) {
    String[] p = text == null ? new String[0] : text.split(":", 7);
    return p.length >= 6 && p[0].equals("arn") && p[2].equals("states") && p[5].equals("activity");
  }

  /**
   * The state machine or activity this resource belongs to, whose team owns it: an activity is its
   * own; a machine, version, alias, execution or Map Run belongs to its state machine (a Map
   * child's to the machine that runs the Map).
   */
  public Arn owner() {
    if (kind == Kind.ACTIVITY) return this;
    String machine = name;
    int slash = machine.indexOf('/');
    if (slash >= 0) machine = machine.substring(0, slash);
    return new Arn(partition, region, account, Kind.STATE_MACHINE, machine, null, null);
  }

  /**
   * The state machine named by this version, alias, execution or Map Run, unqualified (a Map
   * child's is {@code MACHINE/LABEL}, as its executions record it).
   */
  public Arn stateMachine() {
    if (kind == Kind.ACTIVITY) throw new IllegalStateException("an activity has no state machine");
    return new Arn(partition, region, account, Kind.STATE_MACHINE, name, null, null);
  }

  /** The ARN of this state machine's Standard execution of that name. */
  public Arn execution(String executionName) {
    if (kind != Kind.STATE_MACHINE) throw new IllegalStateException(this + " is no state machine");
    return new Arn(partition, region, account, Kind.EXECUTION, name, executionName, null);
  }

  /** The name of a state machine, activity or execution (for an execution, its own name). */
  public String resourceName() {
    return switch (kind) {
      case EXECUTION, EXPRESS_EXECUTION -> qualifier;
      default -> name;
    };
  }

  /** The ARN as AWS writes it. */
  @Override
  public String toString() {
    String base =
        "arn:"
            + partition
            + ":states:"
            + region
            + ":"
            + account
            + ":"
            + kind.segment()
            + ":"
            + name;
    return switch (kind) {
      case STATE_MACHINE, ACTIVITY -> base;
      case EXPRESS_EXECUTION -> base + ":" + qualifier + ":" + runId;
      default -> base + ":" + qualifier;
    };
  }

  private static boolean digits(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
