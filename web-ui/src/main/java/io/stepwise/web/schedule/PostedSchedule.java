package io.stepwise.web.schedule;

import org.jboss.resteasy.reactive.RestForm;

/**
 * The schedule form as posted (a new schedule, an edit, the check as it is typed), one
 * {@code @BeanParam} for every page that takes it.
 */
public class PostedSchedule {
  @RestForm public String group;
  @RestForm public String name;
  @RestForm public String description;
  @RestForm public String expression;
  @RestForm public String timezone;

  /** ENABLED or DISABLED; anything but DISABLED enables. */
  @RestForm public String state;

  @RestForm public String windowMinutes;
  @RestForm public String startDate;
  @RestForm public String endDate;
  @RestForm public String targetArn;
  @RestForm public String input;

  /** The fields as typed. */
  ScheduleFormFields fields() {
    return fields(group, name);
  }

  /** The fields as typed, of the schedule {@code group}/{@code name} (an edit's, from its path). */
  ScheduleFormFields fields(String group, String name) {
    return new ScheduleFormFields(
        group,
        name,
        description,
        expression,
        timezone,
        !"DISABLED".equals(state),
        windowMinutes,
        startDate,
        endDate,
        targetArn,
        input);
  }
}
