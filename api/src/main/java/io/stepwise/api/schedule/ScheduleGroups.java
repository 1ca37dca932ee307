package io.stepwise.api.schedule;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.authentication.SecurityConfig;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.authorization.ResourceTeams;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.schedule.store.PgScheduleGroups;
import io.stepwise.api.schedule.store.StoredGroup;
import io.stepwise.api.service.PageToken;
import io.stepwise.api.service.Validation;
import io.stepwise.api.tag.Tag;
import io.stepwise.api.tag.store.PgTags;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Schedule groups: CreateScheduleGroup, GetScheduleGroup, DeleteScheduleGroup (with its schedules),
 * ListScheduleGroups, and the tags of groups (TagResource, UntagResource, ListTagsForResource: AWS
 * tags groups only). A group belongs to the team that made it (or the one its {@code stepwise:team}
 * tag names) and its schedules to that team; the {@code default} group is everyone's, and a
 * schedule filed there belongs to its creator's team.
 */
@ApplicationScoped
public class ScheduleGroups {
  /** AWS's limit of tags on one resource. */
  private static final int MAX_TAGS = 200;

  private final PgScheduleGroups store;
  private final PgTags tags;
  private final InstantSource clock;
  private final Arns arns;
  private final Authorizer authorizer;
  private final ResourceTeams teams;
  private final SecurityConfig security;

  public ScheduleGroups(
      PgScheduleGroups store,
      PgTags tags,
      InstantSource clock,
      Arns arns,
      Authorizer authorizer,
      ResourceTeams teams,
      SecurityConfig security) {
    this.store = store;
    this.tags = tags;
    this.clock = clock;
    this.arns = arns;
    this.authorizer = authorizer;
    this.teams = teams;
    this.security = security;
  }

  /** CreateScheduleGroup: the group's ARN. */
  public String create(Caller caller, String name, List<Tag> groupTags) {
    String action = "CreateScheduleGroup";
    Arn arn = arns.scheduleGroup(ScheduleRules.name("name", name));
    checkTags(groupTags);
    String team =
        authorizer.teamForNew(caller, action, arn, Tag.valueOf(groupTags, security.teamTag()));
    if (!store.insert(name, clock.instant().truncatedTo(ChronoUnit.MILLIS))) {
      throw new ServiceException(
          "ConflictException", "Schedule group " + name + " already exists.");
    }
    if (team != null) teams.assign(arn.toString(), team, caller.name());
    tags.put(arn.toString(), groupTags);
    return arn.toString();
  }

  /** GetScheduleGroup. */
  public ScheduleGroup get(Caller caller, String name) {
    return existing(caller, "GetScheduleGroup", Permission.VIEW, name);
  }

  /** DeleteScheduleGroup: the group and all its schedules (AWS does the same). */
  public void delete(Caller caller, String name) {
    ScheduleGroup group = existing(caller, "DeleteScheduleGroup", Permission.EDIT, name);
    if (group.name().equals(ScheduleGroup.DEFAULT)) {
      throw Validation.failed("The default schedule group cannot be deleted.");
    }
    for (String scheduleArn : store.delete(name)) teams.forget(scheduleArn);
    tags.deleteAll(group.arn());
    teams.forget(group.arn());
  }

  /** ListScheduleGroups: {@code default} and the groups of the caller's teams, by name. */
  public Page<ScheduleGroup> list(Caller caller, String namePrefix, int max, String nextToken) {
    if (namePrefix != null) ScheduleRules.name("namePrefix", namePrefix);
    Optional<Set<String>> visible = authorizer.visibleOwners(caller, "ListScheduleGroups");
    List<ScheduleGroup> page = new ArrayList<>();
    String after = PageToken.decode(nextToken);
    // Groups are few; those the caller may not see are skipped while the page fills.
    while (page.size() <= max) {
      List<String> names = store.names(namePrefix, after, 100);
      for (String name : names) {
        if (isDefault(name) || visible.isEmpty() || visible.get().contains(arn(name))) {
          if (page.size() <= max) page.add(found(name));
        }
        after = name;
      }
      if (names.size() < 100) break;
    }
    return new Page<>(
        List.copyOf(page.subList(0, Math.min(max, page.size()))),
        page.size() > max ? PageToken.encode(page.get(max - 1).name()) : null);
  }

  /** TagResource on a group. */
  public void tag(Caller caller, String resourceArn, List<Tag> added) {
    ScheduleGroup group = tagged(caller, "TagResource", Permission.EDIT, resourceArn);
    checkTags(added);
    Set<String> keys = new HashSet<>();
    tags.of(group.arn()).forEach(t -> keys.add(t.key()));
    added.forEach(t -> keys.add(t.key()));
    if (keys.size() > MAX_TAGS) {
      throw Validation.failed("A schedule group can have at most " + MAX_TAGS + " tags.");
    }
    tags.put(group.arn(), added);
  }

  /** UntagResource on a group. */
  public void untag(Caller caller, String resourceArn, List<String> keys) {
    ScheduleGroup group = tagged(caller, "UntagResource", Permission.EDIT, resourceArn);
    tags.remove(group.arn(), keys);
  }

  /** ListTagsForResource of a group. */
  public List<Tag> tags(Caller caller, String resourceArn) {
    return tags.of(tagged(caller, "ListTagsForResource", Permission.VIEW, resourceArn).arn());
  }

  /**
   * The team a new schedule in the group belongs to, after checking the caller may add it: the
   * group's team (the caller must be an editor there), or for the default group the caller's own
   * ({@link Authorizer#teamForNew}).
   */
  String teamForSchedule(Caller caller, String action, String group, Arn schedule) {
    if (isDefault(group)) return authorizer.teamForNew(caller, action, schedule, Optional.empty());
    existing(caller, action, Permission.EDIT, group);
    return authorizer.teamOf(arns.scheduleGroup(group)).orElse(null);
  }

  boolean exists(String name) {
    return store.find(name).isPresent();
  }

  private ScheduleGroup tagged(Caller caller, String action, Permission permission, String text) {
    Arn arn =
        Arn.parse(text)
            .filter(a -> a.kind() == Arn.Kind.SCHEDULE_GROUP && arns.ours(a))
            .orElseThrow(
                () ->
                    Validation.pattern(
                        "resourceArn",
                        text,
                        "^arn:aws(-[a-z]+)?:scheduler:[a-z0-9\\-]+:\\d{12}:schedule-group\\/[0-9a-zA-Z-_.]+$"));
    return existing(caller, action, permission, arn.name());
  }

  private ScheduleGroup existing(Caller caller, String action, Permission permission, String name) {
    ScheduleRules.name("name", name);
    // The default group is everyone's: the roles alone decide.
    authorizer.require(
        caller, action, permission, isDefault(name) ? null : arns.scheduleGroup(name));
    if (!exists(name)) throw ScheduleRules.groupNotFound(name);
    return found(name);
  }

  private ScheduleGroup found(String name) {
    StoredGroup stored = store.find(name).orElseThrow(() -> ScheduleRules.groupNotFound(name));
    return new ScheduleGroup(arn(name), name, stored.createdAt(), stored.updatedAt());
  }

  private String arn(String name) {
    return arns.scheduleGroup(name).toString();
  }

  private static boolean isDefault(String name) {
    return ScheduleGroup.DEFAULT.equals(name);
  }

  private static void checkTags(List<Tag> list) {
    if (list.size() > MAX_TAGS) {
      throw Validation.failed("A schedule group can have at most " + MAX_TAGS + " tags.");
    }
  }
}
