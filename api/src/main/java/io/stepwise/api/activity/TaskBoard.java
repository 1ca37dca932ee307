package io.stepwise.api.activity;

import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What workers have to do, per resource, for the activities page: the caller's teams' activities
 * and every resource with open tasks of their executions (functions that workers serve), with the
 * tasks waiting and in progress, overdue heartbeats and the workers heard polling lately. Another
 * team's activities and tasks are left out in the queries.
 */
@ApplicationScoped
public class TaskBoard {
  /** At most this many activities are listed (a page that lists more helps nobody). */
  static final int MAX_ACTIVITIES = 500;

  private final PgActivities activities;
  private final PgTaskLoads loads;
  private final RecentPolls polls;
  private final Authorizer authorizer;

  public TaskBoard(
      PgActivities activities, PgTaskLoads loads, RecentPolls polls, Authorizer authorizer) {
    this.activities = activities;
    this.loads = loads;
    this.polls = polls;
    this.authorizer = authorizer;
  }

  /**
   * One resource: {@code activityName} is null for a resource that is no activity; {@code workers}
   * polled it within the recent window, latest first.
   */
  public record Resource(
      String resource,
      String activityName,
      PgTaskLoads.Load load,
      List<RecentPolls.Poll> workers) {}

  /** Activities by name, then the other resources with open tasks, by resource. */
  public List<Resource> resources(Caller caller, Duration recent) {
    Set<String> owners = authorizer.visibleOwners(caller, "ListActivities").orElse(null);
    Map<String, PgTaskLoads.Load> open = new LinkedHashMap<>();
    for (PgTaskLoads.Load l : loads.open(owners)) open.put(l.resource(), l);
    Instant since = Instant.now().minus(recent);
    List<Resource> out = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (PgActivities.Activity a : activities.page(null, MAX_ACTIVITIES, owners)) {
      out.add(
          new Resource(
              a.arn(),
              a.name(),
              open.getOrDefault(a.arn(), idle(a.arn())),
              polls.since(a.arn(), since)));
      listed.add(a.arn());
    }
    for (PgTaskLoads.Load l : open.values()) {
      if (listed.add(l.resource())) {
        out.add(new Resource(l.resource(), null, l, polls.since(l.resource(), since)));
      }
    }
    return out;
  }

  private static PgTaskLoads.Load idle(String resource) {
    return new PgTaskLoads.Load(resource, 0, null, 0, 0);
  }
}
