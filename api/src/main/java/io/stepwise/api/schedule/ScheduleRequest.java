package io.stepwise.api.schedule;

import java.time.Instant;

/**
 * What CreateSchedule and UpdateSchedule give (and the pages' form), member for member; null
 * members are absent. {@link ScheduleRules} checks them as AWS does.
 *
 * @param windowMode FlexibleTimeWindow's Mode (OFF or FLEXIBLE); null when the window is absent
 */
public record ScheduleRequest(
    String name,
    String group,
    String description,
    String expression,
    String timezone,
    Instant startDate,
    Instant endDate,
    String state,
    String windowMode,
    Integer windowMinutes,
    String actionAfterCompletion,
    String kmsKeyArn,
    Target target,
    String clientToken) {

  /**
   * The Target's members; {@code other} names a templated-target member that only other AWS
   * services use (EcsParameters, SqsParameters, ...), null for none.
   */
  public record Target(
      String arn,
      String roleArn,
      String input,
      Integer maximumEventAgeInSeconds,
      Integer maximumRetryAttempts,
      String deadLetterArn,
      String other) {}

  /** The group a request names, {@code default} when it names none. */
  public String groupOrDefault() {
    return group == null ? ScheduleGroup.DEFAULT : group;
  }
}
