package io.stepwise.api.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Amazon Resource Names of this Stepwise installation: it builds them with the configured region
 * and account, and reads them back, refusing any other shape with AWS's InvalidArn.
 */
@ApplicationScoped
public class Arns {
  private final String region;
  private final String account;

  public Arns(
      @ConfigProperty(name = "stepwise.region", defaultValue = "us-east-1") String region,
      @ConfigProperty(name = "stepwise.account-id", defaultValue = "123456789012") String account) {
    this.region = region;
    this.account = account;
  }

  /** An execution ARN read back into its parts. */
  public record ExecutionName(String stateMachineName, String executionName, boolean express) {}

  public String region() {
    return region;
  }

  public String account() {
    return account;
  }

  private String prefix() {
    return "arn:aws:states:" + region + ":" + account + ":";
  }

  public String stateMachine(String name) {
    return prefix() + "stateMachine:" + name;
  }

  public String execution(String stateMachineName, String executionName) {
    return prefix() + "execution:" + stateMachineName + ":" + executionName;
  }

  public String expressExecution(String stateMachineName, String executionName, String runId) {
    return prefix() + "express:" + stateMachineName + ":" + executionName + ":" + runId;
  }

  public String mapRunPrefix() {
    return prefix() + "mapRun:";
  }

  public String activity(String name) {
    return prefix() + "activity:" + name;
  }

  /** The state machine name in a state machine ARN (a version or alias qualifier is refused). */
  public String stateMachineName(String arn) {
    String[] parts = parts(arn, "stateMachine");
    if (parts.length != 7) throw AwsError.invalidArn(arn);
    return parts[6];
  }

  /** A state machine ARN with an optional version number or alias name after it. */
  public record Qualified(String machineArn, String qualifier, String fullArn) {}

  /** Reads a machine, version ({@code :3}) or alias ({@code :prod}) ARN. */
  public Qualified qualifiedStateMachine(String arn) {
    String[] parts = parts(arn, "stateMachine");
    if (parts.length == 7) return new Qualified(arn, null, arn);
    if (parts.length != 8 || parts[7].isEmpty()) throw AwsError.invalidArn(arn);
    return new Qualified(arn.substring(0, arn.lastIndexOf(':')), parts[7], arn);
  }

  public ExecutionName executionName(String arn) {
    String[] parts = arn == null ? new String[0] : arn.split(":", -1);
    if (parts.length >= 8 && isOurs(parts) && parts[5].equals("execution") && parts.length == 8) {
      return new ExecutionName(parts[6], parts[7], false);
    }

    if (parts.length == 9 && isOurs(parts) && parts[5].equals("express")) {
      return new ExecutionName(parts[6], parts[7], true);
    }
    throw AwsError.invalidArn(arn);
  }

  public String activityName(String arn) {
    String[] parts = parts(arn, "activity");
    if (parts.length != 7) throw AwsError.invalidArn(arn);
    return parts[6];
  }

  /** Whether the ARN names an activity (of any account: tasks may name foreign activities). */
  public static boolean isActivity(String arn) {
    String[] p = arn.split(":", -1);
    return p.length == 7 && p[0].equals("arn") && p[2].equals("states") && p[5].equals("activity");
  }

  private String[] parts(String arn, String type) {
    if (arn == null) throw AwsError.invalidArn("null");
    String[] parts = arn.split(":", -1);
    if (parts.length < 7 || !isOurs(parts) || !parts[5].equals(type) || parts[6].isEmpty()) {
      throw AwsError.invalidArn(arn);
    }
    return parts;
  }

  private boolean isOurs(String[] parts) {
    return parts[0].equals("arn")
        && parts[1].startsWith("aws")
        && parts[2].equals("states")
        && parts[3].equals(region)
        && parts[4].equals(account);
  }
}
