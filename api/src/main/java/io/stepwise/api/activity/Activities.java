package io.stepwise.api.activity;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.authentication.SecurityConfig;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.authorization.ResourceTeams;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.service.Names;
import io.stepwise.api.service.PageToken;
import io.stepwise.api.tag.Tag;
import io.stepwise.api.tag.store.PgTags;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The activity service: create, describe, delete, list. An activity belongs to the team of the
 * editor who created it; workers poll and answer its tasks through {@link Tasks}.
 */
@ApplicationScoped
public class Activities {
  private final PgActivities activities;
  private final PgTags tags;
  private final Arns arns;
  private final Authorizer authorizer;
  private final ResourceTeams teams;
  private final SecurityConfig security;

  public Activities(
      PgActivities activities,
      PgTags tags,
      Arns arns,
      Authorizer authorizer,
      ResourceTeams teams,
      SecurityConfig security) {
    this.activities = activities;
    this.tags = tags;
    this.arns = arns;
    this.authorizer = authorizer;
    this.teams = teams;
    this.security = security;
  }

  /** A created (or, AWS's idempotent Create, found) activity and the team it belongs to. */
  public record Created(PgActivities.Activity activity, String team) {}

  /**
   * CreateActivity. Idempotent by name as on AWS (tags of a repeated call are ignored): an existing
   * activity is returned to those who may edit it and never moves to another team.
   */
  public Created create(Caller caller, String name, List<Tag> tagList) {
    String action = "CreateActivity";
    Arn arn = arns.activity(Names.check(name));
    String team =
        authorizer.teamForNew(caller, action, arn, Tag.valueOf(tagList, security.teamTag()));
    if (activities.insert(arn.toString(), name, Instant.now().truncatedTo(ChronoUnit.MILLIS))) {
      if (team != null) teams.assign(arn.toString(), team, caller.name());
      tags.put(arn.toString(), tagList);
    } else {
      authorizer.require(caller, action, Permission.EDIT, arn);
      team = authorizer.teamOf(arn).orElse(null);
    }
    return new Created(activities.find(arn.toString()).orElseThrow(), team);
  }

  public PgActivities.Activity describe(Caller caller, String activityArn) {
    Arn arn = arns.require(activityArn, Arn.Kind.ACTIVITY);
    authorizer.require(caller, "DescribeActivity", Permission.VIEW, arn);
    return existing(arn);
  }

  public void delete(Caller caller, String activityArn) {
    Arn arn = arns.require(activityArn, Arn.Kind.ACTIVITY);
    authorizer.require(caller, "DeleteActivity", Permission.EDIT, arn);
    activities.delete(arn.toString());
    tags.deleteAll(arn.toString());
    teams.forget(arn.toString());
  }

  /** ListActivities: a page by name of the activities the caller may see. */
  public Page<PgActivities.Activity> list(Caller caller, int max, String nextToken) {
    var visible = authorizer.visibleOwners(caller, "ListActivities");
    List<PgActivities.Activity> page =
        activities.page(PageToken.decode(nextToken), max + 1, visible.orElse(null));
    return new Page<>(
        List.copyOf(page.subList(0, Math.min(max, page.size()))),
        page.size() > max ? PageToken.encode(page.get(max - 1).name()) : null);
  }

  /** The activity (authorized by the caller), or ActivityDoesNotExist. */
  PgActivities.Activity existing(Arn arn) {
    return activities
        .find(arn.toString())
        .orElseThrow(
            () ->
                new ServiceException(
                    "ActivityDoesNotExist", "Activity Does Not Exist: '" + arn + "'"));
  }
}
