package io.stepwise.api.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Schedule groups and schedules in PostgreSQL ({@code schedule_groups}, {@code schedules}). */
@ApplicationScoped
public class PgSchedules {
  static final String COLUMNS =
      "group_name, name, arn, description, expression, timezone, start_date, end_date, state,"
          + " window_minutes, after_completion, kms_key_arn, target, owner_name,"
          + " owner_kind, owner_roles, owner_teams, anchor, next_fire_at, created_at, updated_at";

  private final Database db;

  public PgSchedules(Database db) {
    this.db = db;
  }

  // ---- groups

  /** Creates the group; false when the name is taken. */
  boolean insertGroup(String name, Instant now) {
    return db.query(
                "INSERT INTO schedule_groups (name, created_at, updated_at) VALUES ($1, $2, $2)"
                    + " ON CONFLICT (name) DO NOTHING",
                name,
                now)
            .rowCount()
        == 1;
  }

  Optional<Instant[]> group(String name) {
    for (Row row :
        db.query("SELECT created_at, updated_at FROM schedule_groups WHERE name = $1", name)) {
      return Optional.of(
          new Instant[] {Database.instant(row, "created_at"), Database.instant(row, "updated_at")});
    }
    return Optional.empty();
  }

  /** Groups by name after {@code after}, of the prefix, at most {@code limit}. */
  List<String> groupNames(String prefix, String after, int limit) {
    List<String> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT name FROM schedule_groups WHERE ($1::text IS NULL OR starts_with(name, $1))"
                + " AND ($2::text IS NULL OR name > $2) ORDER BY name LIMIT $3",
            prefix,
            after,
            limit)) {
      out.add(row.getString("name"));
    }
    return out;
  }

  /**
   * Deletes the group, its schedules and their fires not yet started, in one transaction; the ARNs
   * of the schedules it deleted.
   */
  List<String> deleteGroup(String name) {
    return db.inTransaction(
        sql -> {
          List<String> deleted = new ArrayList<>();
          for (Row row :
              sql.query("DELETE FROM schedules WHERE group_name = $1 RETURNING arn", name)) {
            deleted.add(row.getString("arn"));
          }
          sql.send(
              "DELETE FROM schedule_fires WHERE schedule_arn = ANY($1) AND state = 'PENDING'",
              (Object) deleted.toArray(String[]::new));
          sql.send("DELETE FROM schedule_groups WHERE name = $1", name);
          return deleted;
        });
  }

  // ---- schedules

  /**
   * Stores a new schedule; false when the name is taken in its group. {@code clientToken} (may be
   * null) is kept, so that a create sent again with it can be recognized.
   */
  boolean insert(Schedule s, String clientToken) {
    Object[] values = java.util.Arrays.copyOf(values(s), 23);
    values[22] = clientToken;
    return db.query(
                "INSERT INTO schedules (group_name, name, arn, description, expression, timezone,"
                    + " start_date, end_date, state, window_minutes, after_completion, kms_key_arn,"
                    + " target, target_arn, owner_name, owner_kind, owner_roles, owner_teams,"
                    + " anchor, next_fire_at, created_at, updated_at, client_token) VALUES ($1,"
                    + " $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
                    + " $17, $18, $19, $20, $21, $22, $23) ON CONFLICT (group_name, name) DO"
                    + " NOTHING",
                values)
            .rowCount()
        == 1;
  }

  /** The client token the schedule was created with, if any. */
  Optional<String> clientToken(String group, String name) {
    for (Row row :
        db.query(
            "SELECT client_token FROM schedules WHERE group_name = $1 AND name = $2",
            group,
            name)) {
      return Optional.ofNullable(row.getString("client_token"));
    }
    return Optional.empty();
  }

  /** Replaces a schedule's members (UpdateSchedule); false when it is gone. */
  boolean update(Schedule s) {
    return db.query(
                "UPDATE schedules SET description = $4, expression = $5, timezone = $6,"
                    + " start_date = $7, end_date = $8, state = $9, window_minutes = $10,"
                    + " after_completion = $11, kms_key_arn = $12, target = $13,"
                    + " target_arn = $14, owner_name = $15, owner_kind = $16, owner_roles = $17,"
                    + " owner_teams = $18, anchor = $19, next_fire_at = $20, updated_at = $22"
                    + " WHERE group_name = $1 AND name = $2 AND arn = $3 AND created_at = $21",
                values(s))
            .rowCount()
        == 1;
  }

  private static Object[] values(Schedule s) {
    return new Object[] {
      s.group(),
      s.name(),
      s.arn(),
      s.description(),
      s.expression(),
      s.timezone(),
      s.startDate(),
      s.endDate(),
      s.state(),
      s.window().maximumMinutes(),
      s.actionAfterCompletion(),
      s.kmsKeyArn(),
      Json.write(s.target().toJson()),
      s.targetMachineArn(),
      s.owner().name(),
      s.owner().kind().name(),
      Json.write(roles(s.owner().roles())),
      Json.write(teams(s.owner().teams())),
      s.anchor(),
      s.nextFireAt(),
      s.createdAt(),
      s.updatedAt()
    };
  }

  /** Deletes a schedule and its fires not yet started; false when there was none. */
  boolean delete(String group, String name) {
    return db.inTransaction(
        sql -> {
          List<String> arns = new ArrayList<>();
          for (Row row :
              sql.query(
                  "DELETE FROM schedules WHERE group_name = $1 AND name = $2 RETURNING arn",
                  group,
                  name)) {
            arns.add(row.getString("arn"));
          }
          if (arns.isEmpty()) return false;
          sql.send(
              "DELETE FROM schedule_fires WHERE schedule_arn = $1 AND state = 'PENDING'",
              arns.get(0));
          return true;
        });
  }

  Optional<Schedule> find(String group, String name) {
    for (Row row :
        db.query(
            "SELECT " + COLUMNS + " FROM schedules WHERE group_name = $1 AND name = $2",
            group,
            name)) {
      return Optional.of(read(row));
    }
    return Optional.empty();
  }

  Optional<Schedule> findByArn(String arn) {
    for (Row row : db.query("SELECT " + COLUMNS + " FROM schedules WHERE arn = $1", arn)) {
      return Optional.of(read(row));
    }
    return Optional.empty();
  }

  /** What a list of schedules is narrowed to; null members do not narrow it. */
  record Filter(
      String group, String namePrefix, String state, String targetMachine, Set<String> visible) {}

  /** Schedules by ARN after {@code afterArn}, at most {@code limit}. */
  List<Schedule> page(Filter f, String afterArn, int limit) {
    List<Schedule> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT "
                + COLUMNS
                + " FROM schedules WHERE ($1::text IS NULL OR group_name = $1)"
                + " AND ($2::text IS NULL OR starts_with(name, $2))"
                + " AND ($3::text IS NULL OR state = $3)"
                + " AND ($4::text IS NULL OR target_arn = $4)"
                + " AND ($5::text[] IS NULL OR arn = ANY($5))"
                + " AND ($6::text IS NULL OR arn > $6) ORDER BY arn LIMIT $7",
            f.group(),
            f.namePrefix(),
            f.state(),
            f.targetMachine(),
            f.visible() == null ? null : f.visible().toArray(String[]::new),
            afterArn,
            limit)) {
      out.add(read(row));
    }
    return out;
  }

  static Schedule read(Row row) {
    Integer window = row.getInteger("window_minutes");
    return new Schedule(
        row.getString("arn"),
        row.getString("group_name"),
        row.getString("name"),
        row.getString("description"),
        row.getString("expression"),
        row.getString("timezone"),
        Database.instant(row, "start_date"),
        Database.instant(row, "end_date"),
        row.getString("state").equals("ENABLED"),
        window == null ? FlexibleWindow.OFF : new FlexibleWindow(window),
        row.getString("after_completion").equals("DELETE"),
        row.getString("kms_key_arn"),
        ScheduleTarget.fromJson(Json.parseTrusted(row.getString("target"))),
        owner(row),
        Database.instant(row, "anchor"),
        Database.instant(row, "next_fire_at"),
        Database.instant(row, "created_at"),
        Database.instant(row, "updated_at"));
  }

  private static Caller owner(Row row) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (JsonNode r : Json.parseTrusted(row.getString("owner_roles")))
      roles.add(Role.of(r.asText()));
    Set<String> teams = new TreeSet<>();
    for (JsonNode t : Json.parseTrusted(row.getString("owner_teams"))) teams.add(t.asText());
    return new Caller(
        row.getString("owner_name"),
        Caller.Kind.valueOf(row.getString("owner_kind")),
        roles,
        teams,
        "schedule");
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
