package io.stepwise.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.RetryPolicy;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.SchedulerException;
import software.amazon.awssdk.services.scheduler.model.Tag;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.scheduler.model.ValidationException;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The EventBridge Scheduler API through AWS's own SDK v2 client, unmodified: schedules and groups
 * created, read, listed (filters, paging), updated, disabled and deleted; tags of groups; and bad
 * input refused with AWS's exceptions and messages, never a 500.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class SchedulerApiTest {
  static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

  final SchedulerClient scheduler = SchedulerClients.client();
  final SfnClient sfn = Sfn.client();

  @Test
  void createsReadsUpdatesDisablesAndDeletesASchedule() {
    String machine = Sfn.createMachine(sfn, PASS);
    String name = Sfn.unique("nightly");
    Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    String arn =
        scheduler
            .createSchedule(
                b ->
                    b.name(name)
                        .scheduleExpression("cron(0 2 * * ? *)")
                        .scheduleExpressionTimezone("Europe/Berlin")
                        .startDate(start)
                        .description("the nightly report")
                        .flexibleTimeWindow(SchedulerClients.OFF)
                        .target(
                            Target.builder()
                                .arn(machine)
                                .roleArn(Sfn.ROLE)
                                .input("{\"day\":\"<aws.scheduler.scheduled-time>\"}")
                                .retryPolicy(
                                    RetryPolicy.builder()
                                        .maximumEventAgeInSeconds(3600)
                                        .maximumRetryAttempts(3)
                                        .build())
                                .build()))
            .scheduleArn();
    assertThat(arn).isEqualTo("arn:aws:scheduler:us-east-1:123456789012:schedule/default/" + name);

    GetScheduleResponse got = scheduler.getSchedule(b -> b.name(name));
    assertThat(got.arn()).isEqualTo(arn);
    assertThat(got.groupName()).isEqualTo("default");
    assertThat(got.scheduleExpression()).isEqualTo("cron(0 2 * * ? *)");
    assertThat(got.scheduleExpressionTimezone()).isEqualTo("Europe/Berlin");
    assertThat(got.startDate()).isEqualTo(start);
    assertThat(got.endDate()).isNull();
    assertThat(got.description()).isEqualTo("the nightly report");
    assertThat(got.state()).isEqualTo(ScheduleState.ENABLED);
    assertThat(got.actionAfterCompletion()).isEqualTo(ActionAfterCompletion.NONE);
    assertThat(got.flexibleTimeWindow().mode()).isEqualTo(FlexibleTimeWindowMode.OFF);
    assertThat(got.target().arn()).isEqualTo(machine);
    assertThat(got.target().input()).isEqualTo("{\"day\":\"<aws.scheduler.scheduled-time>\"}");
    assertThat(got.target().retryPolicy().maximumEventAgeInSeconds()).isEqualTo(3600);
    assertThat(got.target().retryPolicy().maximumRetryAttempts()).isEqualTo(3);
    assertThat(got.creationDate()).isNotNull();

    // UpdateSchedule replaces every member: what is not given takes AWS's default.
    scheduler.updateSchedule(
        b ->
            b.name(name)
                .scheduleExpression("rate(6 hours)")
                .state(ScheduleState.DISABLED)
                .flexibleTimeWindow(
                    FlexibleTimeWindow.builder()
                        .mode(FlexibleTimeWindowMode.FLEXIBLE)
                        .maximumWindowInMinutes(15)
                        .build())
                .target(SchedulerClients.target(machine)));
    GetScheduleResponse updated = scheduler.getSchedule(b -> b.name(name).groupName("default"));
    assertThat(updated.state()).isEqualTo(ScheduleState.DISABLED);
    assertThat(updated.scheduleExpression()).isEqualTo("rate(6 hours)");
    assertThat(updated.scheduleExpressionTimezone()).isEqualTo("UTC");
    assertThat(updated.description()).isNull();
    assertThat(updated.startDate()).isNull();
    assertThat(updated.flexibleTimeWindow().maximumWindowInMinutes()).isEqualTo(15);
    assertThat(updated.target().input()).isNull();
    assertThat(updated.target().retryPolicy().maximumEventAgeInSeconds()).isEqualTo(86400);
    assertThat(updated.target().retryPolicy().maximumRetryAttempts()).isEqualTo(185);

    scheduler.deleteSchedule(b -> b.name(name));
    assertThatThrownBy(() -> scheduler.getSchedule(b -> b.name(name)))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Schedule " + name + " does not exist.");
    assertThatThrownBy(() -> scheduler.deleteSchedule(b -> b.name(name)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void createIsRefusedForATakenNameAndRepeatedWithItsClientToken() {
    String machine = Sfn.createMachine(sfn, PASS);
    String name = Sfn.unique("twice");
    Consumer<CreateScheduleRequest.Builder> create =
        b ->
            b.name(name)
                .scheduleExpression("rate(1 day)")
                .flexibleTimeWindow(SchedulerClients.OFF)
                .target(SchedulerClients.target(machine))
                .clientToken("token-" + name);
    String arn = scheduler.createSchedule(create).scheduleArn();
    // The SDK sends a retried request with the same token: the same schedule, no error.
    assertThat(scheduler.createSchedule(create).scheduleArn()).isEqualTo(arn);
    assertThatThrownBy(
            () ->
                scheduler.createSchedule(
                    b ->
                        b.name(name)
                            .scheduleExpression("rate(1 day)")
                            .flexibleTimeWindow(SchedulerClients.OFF)
                            .target(SchedulerClients.target(machine))))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("Schedule " + name + " already exists.");
  }

  @Test
  void listsByGroupPrefixAndStateAPageAtATime() {
    String machine = Sfn.createMachine(sfn, PASS);
    String group = Sfn.unique("team-reports");
    scheduler.createScheduleGroup(
        b -> b.name(group).tags(Tag.builder().key("owner").value("reports").build()));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "daily-" + i;
      int hour = i;
      names.add(name);
      ScheduleState state = i == 4 ? ScheduleState.DISABLED : ScheduleState.ENABLED;
      scheduler.createSchedule(
          b ->
              b.name(name)
                  .groupName(group)
                  .state(state)
                  .scheduleExpression("cron(0 " + hour + " * * ? *)")
                  .flexibleTimeWindow(SchedulerClients.OFF)
                  .target(SchedulerClients.target(machine)));
    }
    scheduler.createSchedule(
        b ->
            b.name("weekly")
                .groupName(group)
                .scheduleExpression("cron(0 6 ? * MON *)")
                .flexibleTimeWindow(SchedulerClients.OFF)
                .target(SchedulerClients.target(machine)));

    List<String> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      ListSchedulesResponse page =
          scheduler.listSchedules(
              b -> b.groupName(group).namePrefix("daily").maxResults(2).nextToken(next));
      page.schedules().forEach(s -> paged.add(s.name()));
      assertThat(page.schedules()).allSatisfy(s -> assertThat(s.groupName()).isEqualTo(group));
      assertThat(page.schedules()).allSatisfy(s -> assertThat(s.target().arn()).isEqualTo(machine));
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(paged).containsExactlyElementsOf(names);
    assertThat(pages).isEqualTo(3);
    // A prefix is taken literally: '_' is no wildcard (it would match "daily-0" in a LIKE).
    assertThat(scheduler.listSchedules(b -> b.groupName(group).namePrefix("daily_")).schedules())
        .isEmpty();
    assertThat(
            scheduler
                .listScheduleGroups(b -> b.namePrefix(group.replace('-', '_')))
                .scheduleGroups())
        .isEmpty();

    assertThat(
            scheduler
                .listSchedules(b -> b.groupName(group).state(ScheduleState.DISABLED))
                .schedules())
        .extracting(ScheduleSummary::name)
        .containsExactly("daily-4");
    // The paginator the SDK generates from the model walks the same pages.
    assertThat(scheduler.listSchedulesPaginator(b -> b.groupName(group).maxResults(4)).schedules())
        .hasSize(6);

    assertThat(scheduler.listScheduleGroups(b -> b.namePrefix(group)).scheduleGroups().get(0).arn())
        .isEqualTo("arn:aws:scheduler:us-east-1:123456789012:schedule-group/" + group);
    String groupArn = scheduler.getScheduleGroup(b -> b.name(group)).arn();
    assertThat(scheduler.listTagsForResource(b -> b.resourceArn(groupArn)).tags())
        .extracting(Tag::key, Tag::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("owner", "reports"));
    scheduler.tagResource(
        b -> b.resourceArn(groupArn).tags(Tag.builder().key("env").value("test").build()));
    scheduler.untagResource(b -> b.resourceArn(groupArn).tagKeys("owner"));
    assertThat(scheduler.listTagsForResource(b -> b.resourceArn(groupArn)).tags())
        .extracting(Tag::key)
        .containsExactly("env");

    // Deleting a group deletes its schedules.
    scheduler.deleteScheduleGroup(b -> b.name(group));
    assertThatThrownBy(() -> scheduler.getScheduleGroup(b -> b.name(group)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> scheduler.getSchedule(b -> b.name("weekly").groupName(group)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> scheduler.listSchedules(b -> b.groupName(group)))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Schedule group " + group + " does not exist.");
    assertThat(scheduler.listScheduleGroups(b -> b.namePrefix("default")).scheduleGroups())
        .extracting(g -> g.name())
        .contains("default");
  }

  @Test
  void badInputGetsAwsErrorsNeverA500() {
    String machine = Sfn.createMachine(sfn, PASS);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    refused(
        b -> b.scheduleExpressionTimezone("Mars/Olympus_Mons"),
        ValidationException.class,
        "Invalid ScheduleExpressionTimezone Mars/Olympus_Mons.",
        machine);
    refused(
        b -> b.scheduleExpression("cron(0 2 * * * *)"),
        ValidationException.class,
        "Invalid Schedule Expression cron(0 2 * * * *).",
        machine);
    refused(
        b -> b.scheduleExpression("rate(10 seconds)"),
        ValidationException.class,
        "Invalid Schedule Expression rate(10 seconds).",
        machine);
    refused(
        b -> b.startDate(now.plus(2, ChronoUnit.DAYS)).endDate(now.plus(1, ChronoUnit.DAYS)),
        ValidationException.class,
        "The EndDate you specify must be after the StartDate.",
        machine);
    refused(
        b -> b.startDate(now.minus(1, ChronoUnit.HOURS)),
        ValidationException.class,
        "The StartDate you specify cannot be earlier than 5 minutes ago.",
        machine);
    refused(
        b ->
            b.flexibleTimeWindow(
                FlexibleTimeWindow.builder().mode(FlexibleTimeWindowMode.FLEXIBLE).build()),
        ValidationException.class,
        "MaximumWindowInMinutes is required when the Mode is FLEXIBLE.",
        machine);
    refused(
        b ->
            b.flexibleTimeWindow(
                FlexibleTimeWindow.builder()
                    .mode(FlexibleTimeWindowMode.FLEXIBLE)
                    .maximumWindowInMinutes(1441)
                    .build()),
        ValidationException.class,
        "Member must have value less than or equal to 1440",
        machine);
    refused(
        b -> b.groupName("no-such-group"),
        ResourceNotFoundException.class,
        "Schedule group no-such-group does not exist.",
        machine);
    refused(
        b -> b.target(Target.builder().arn(machine).roleArn("not-a-role").build()),
        ValidationException.class,
        "failed to satisfy constraint: Member must satisfy regular expression pattern",
        machine);
    refused(
        b ->
            b.target(
                Target.builder()
                    .arn("arn:aws:lambda:us-east-1:123456789012:function:f")
                    .roleArn(Sfn.ROLE)
                    .build()),
        ValidationException.class,
        "is not a state machine, version or alias of this Stepwise",
        machine);
    refused(
        b -> b.target(Target.builder().arn(machine + "-gone").roleArn(Sfn.ROLE).build()),
        ValidationException.class,
        "cannot be started: State Machine Does Not Exist",
        machine);
    refused(
        b -> b.target(Target.builder().arn(machine).roleArn(Sfn.ROLE).input("{not json").build()),
        ValidationException.class,
        "Target Input must be well-formed JSON",
        machine);
    refused(
        b ->
            b.target(
                Target.builder()
                    .arn(machine)
                    .roleArn(Sfn.ROLE)
                    .retryPolicy(RetryPolicy.builder().maximumRetryAttempts(186).build())
                    .build()),
        ValidationException.class,
        "Member must have value less than or equal to 185",
        machine);
    assertThatThrownBy(() -> scheduler.getSchedule(b -> b.name("no spaces allowed")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$");
    assertThatThrownBy(() -> scheduler.deleteScheduleGroup(b -> b.name("default")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> scheduler.listSchedules(b -> b.maxResults(101)))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> scheduler.listSchedules(b -> b.nextToken("not-a-token")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(
            () ->
                scheduler.listTagsForResource(
                    b -> b.resourceArn("arn:aws:scheduler:us-east-1:123456789012:schedule/x/y")))
        .isInstanceOf(ValidationException.class);
  }

  /** A valid create changed by {@code change} is refused with that exception and message. */
  private void refused(
      Consumer<CreateScheduleRequest.Builder> change,
      Class<? extends SchedulerException> type,
      String message,
      String machine) {
    String name = Sfn.unique("bad");
    assertThatThrownBy(
            () ->
                scheduler.createSchedule(
                    b -> {
                      b.name(name)
                          .scheduleExpression("cron(0 2 * * ? *)")
                          .flexibleTimeWindow(SchedulerClients.OFF)
                          .target(SchedulerClients.target(machine));
                      change.accept(b);
                    }))
        .isInstanceOf(type)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((SchedulerException) e).statusCode()).isBetween(400, 499));
    assertThatThrownBy(() -> scheduler.getSchedule(b -> b.name(name)))
        .isInstanceOf(ResourceNotFoundException.class);
  }
}
