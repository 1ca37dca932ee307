package io.stepwise.api.schedule.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.schedule.FlexibleWindow;
import io.stepwise.api.schedule.Schedule;
import io.stepwise.api.schedule.ScheduleTarget;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a {@link Schedule} is kept in a row of {@code schedules}: the one mapping, for the entity and
 * for the firing path's explicit SQL ({@code PgFires} locks due schedules with {@code SKIP LOCKED}
 * and reads them with {@link #COLUMNS} and {@link #read(Row)}).
 */
public final class ScheduleColumns {
  private ScheduleColumns() {}

  /** The columns {@link #read(Row)} reads. */
  public static final String COLUMNS =
      "group_name, name, arn, description, expression, timezone, start_date, end_date, state,"
          + " window_minutes, after_completion, kms_key_arn, target, owner_name,"
          + " owner_kind, owner_roles, owner_teams, anchor, next_fire_at, created_at, updated_at";

  /** The schedule of a row selected with {@link #COLUMNS}. */
  public static Schedule read(Row row) {
    ScheduleEntity e = new ScheduleEntity();
    e.groupName = row.getString("group_name");
    e.name = row.getString("name");
    e.arn = row.getString("arn");
    e.description = row.getString("description");
    e.expression = row.getString("expression");
    e.timezone = row.getString("timezone");
    e.startDate = Database.instant(row, "start_date");
    e.endDate = Database.instant(row, "end_date");
    e.state = row.getString("state");
    e.windowMinutes = row.getInteger("window_minutes");
    e.afterCompletion = row.getString("after_completion");
    e.kmsKeyArn = row.getString("kms_key_arn");
    e.target = row.getString("target");
    e.ownerName = row.getString("owner_name");
    e.ownerKind = row.getString("owner_kind");
    e.ownerRoles = row.getString("owner_roles");
    e.ownerTeams = row.getString("owner_teams");
    e.anchor = Database.instant(row, "anchor");
    e.nextFireAt = Database.instant(row, "next_fire_at");
    e.createdAt = Database.instant(row, "created_at");
    e.updatedAt = Database.instant(row, "updated_at");
    return read(e);
  }

  static Schedule read(ScheduleEntity e) {
    return new Schedule(
        e.arn,
        e.groupName,
        e.name,
        e.description,
        e.expression,
        e.timezone,
        e.startDate,
        e.endDate,
        e.state.equals("ENABLED"),
        e.windowMinutes == null ? FlexibleWindow.OFF : new FlexibleWindow(e.windowMinutes),
        e.afterCompletion.equals("DELETE"),
        e.kmsKeyArn,
        ScheduleTarget.fromJson(Json.parseTrusted(e.target)),
        owner(e),
        e.anchor,
        e.nextFireAt,
        e.createdAt,
        e.updatedAt);
  }

  /** Writes the schedule's members into the row (all but its key and client token). */
  static void write(Schedule s, ScheduleEntity e) {
    e.arn = s.arn();
    e.description = s.description();
    e.expression = s.expression();
    e.timezone = s.timezone();
    e.startDate = s.startDate();
    e.endDate = s.endDate();
    e.state = s.state();
    e.windowMinutes = s.window().maximumMinutes();
    e.afterCompletion = s.actionAfterCompletion();
    e.kmsKeyArn = s.kmsKeyArn();
    e.target = Json.write(s.target().toJson());
    e.targetArn = s.targetMachineArn();
    e.ownerName = s.owner().name();
    e.ownerKind = s.owner().kind().name();
    e.ownerRoles = Json.write(roles(s.owner().roles()));
    e.ownerTeams = Json.write(teams(s.owner().teams()));
    e.anchor = s.anchor();
    e.nextFireAt = s.nextFireAt();
    e.createdAt = s.createdAt();
    e.updatedAt = s.updatedAt();
  }

  private static Caller owner(ScheduleEntity e) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (JsonNode r : Json.parseTrusted(e.ownerRoles)) roles.add(Role.of(r.asText()));
    Set<String> teams = new TreeSet<>();
    for (JsonNode t : Json.parseTrusted(e.ownerTeams)) teams.add(t.asText());
    return new Caller(e.ownerName, Caller.Kind.valueOf(e.ownerKind), roles, teams, "schedule");
  }

  private static ArrayNode roles(Set<Role> roles) {
    ArrayNode out = Json.NODES.arrayNode();
    roles.forEach(r -> out.add(r.id()));
    return out;
  }

  private static ArrayNode teams(Set<String> teams) {
    ArrayNode out = Json.NODES.arrayNode();
    teams.forEach(out::add);
    return out;
  }
}
