package io.stepwise.api.schedule.store;

import io.quarkus.panache.common.Parameters;
import io.stepwise.server.persistence.Entities;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code schedule_groups} table, through its entity: groups as {@link StoredGroup} records.
 * Calls block: use them from worker or virtual threads.
 */
@ApplicationScoped
public class PgScheduleGroups {

  /** Creates the group; false when the name is taken. */
  public boolean insert(String name, Instant now) {
    return PgSchedules.insertNew(
        () -> ScheduleGroupEntity.findById(name),
        () -> {
          ScheduleGroupEntity row = new ScheduleGroupEntity();
          row.name = name;
          row.createdAt = now;
          row.updatedAt = now;
          return row;
        });
  }

  public Optional<StoredGroup> find(String name) {
    return Optional.ofNullable(
        Entities.read(
            () ->
                ScheduleGroupEntity.<ScheduleGroupEntity>findById(name)
                    .map(
                        row ->
                            row == null
                                ? null
                                : new StoredGroup(row.name, row.createdAt, row.updatedAt))));
  }

  /**
   * Group names after {@code after} (null: from the first), of the prefix, at most {@code limit}.
   */
  public List<String> names(String prefix, String after, int limit) {
    String query = PgSchedules.NAME_STARTS_WITH;
    Parameters params =
        Parameters.with("prefix", PgSchedules.startingWith(prefix == null ? "" : prefix));
    if (after != null) {
      query += " and name > :after";
      params.and("after", after);
    }
    String where = query;
    return Entities.read(
        () ->
            ScheduleGroupEntity.<ScheduleGroupEntity>find(where + " order by name", params)
                .range(0, limit - 1)
                .list()
                .map(rows -> rows.stream().map(row -> row.name).toList()));
  }

  /**
   * Deletes the group, its schedules and their fires not yet started, in one transaction; the ARNs
   * of the schedules it deleted.
   */
  public List<String> delete(String name) {
    return Entities.inTransaction(
        () ->
            ScheduleEntity.<ScheduleEntity>list("groupName", name)
                .chain(
                    schedules ->
                        PgSchedules.forgetPendingFires(
                                "schedule_arn IN (SELECT arn FROM schedules WHERE group_name = ?1)",
                                name)
                            .chain(() -> ScheduleEntity.delete("groupName", name))
                            .chain(() -> ScheduleGroupEntity.deleteById(name))
                            .replaceWith(schedules.stream().map(row -> row.arn).toList())));
  }
}
