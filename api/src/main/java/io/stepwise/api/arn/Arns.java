package io.stepwise.api.arn;

import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ARNs of this Stepwise installation: built with the configured region and account, and read
 * back with {@link #require}, which refuses any other shape (or another region or account) with
 * AWS's InvalidArn before anything is looked up.
 */
@ApplicationScoped
public class Arns {
  private static final String PARTITION = "aws";

  private final String region;
  private final String account;

  public Arns(
      @ConfigProperty(name = "stepwise.region", defaultValue = "us-east-1") String region,
      @ConfigProperty(name = "stepwise.account-id", defaultValue = "123456789012") String account) {
    this.region = region;
    this.account = account;
  }

  public String region() {
    return region;
  }

  public String account() {
    return account;
  }

  public Arn stateMachine(String name) {
    return arn(Arn.Kind.STATE_MACHINE, name, null, null);
  }

  public Arn activity(String name) {
    return arn(Arn.Kind.ACTIVITY, name, null, null);
  }

  /** The ARN of a Standard execution of the machine (a Map child's machine is MACHINE/LABEL). */
  public Arn execution(String stateMachineName, String executionName) {
    return arn(Arn.Kind.EXECUTION, stateMachineName, executionName, null);
  }

  public Arn expressExecution(String stateMachineName, String executionName, String runId) {
    return arn(Arn.Kind.EXPRESS_EXECUTION, stateMachineName, executionName, runId);
  }

  /** A version ({@code :3}) or alias ({@code :prod}) of a state machine. */
  public Arn qualified(Arn stateMachine, String qualifier) {
    Arn.Kind kind =
        !qualifier.isEmpty() && qualifier.chars().allMatch(c -> c >= '0' && c <= '9')
            ? Arn.Kind.VERSION
            : Arn.Kind.ALIAS;
    return new Arn(
        stateMachine.partition(),
        stateMachine.region(),
        stateMachine.account(),
        kind,
        stateMachine.name(),
        qualifier,
        null);
  }

  /** The IAM role ARN of this account that Stepwise gives machines made without one. */
  public String role(String name) {
    return "arn:aws:iam::" + account + ":role/" + name;
  }

  /**
   * Reads an ARN of this installation of one of the kinds; InvalidArn for anything else (a null, a
   * malformed ARN, another kind, region or account).
   */
  public Arn require(String text, Arn.Kind first, Arn.Kind... more) {
    Set<Arn.Kind> kinds = EnumSet.of(first, more);
    return Arn.parse(text)
        .filter(a -> kinds.contains(a.kind()) && ours(a))
        .orElseThrow(() -> invalid(text));
  }

  /** Whether the ARN is of this installation's region and account. */
  public boolean ours(Arn arn) {
    return arn.region().equals(region) && arn.account().equals(account);
  }

  /** AWS's refusal of an ARN that does not fit where it was given. */
  public static ServiceException invalid(String text) {
    return new ServiceException(
        "InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + text + "'");
  }

  private Arn arn(Arn.Kind kind, String name, String qualifier, String runId) {
    return new Arn(PARTITION, region, account, kind, name, qualifier, runId);
  }
}
