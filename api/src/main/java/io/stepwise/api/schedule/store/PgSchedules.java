package io.stepwise.api.schedule.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.stepwise.api.schedule.Schedule;
import io.stepwise.server.persistence.Entities;
import io.stepwise.server.persistence.UniqueViolation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code schedules} table, through its entity: schedules as {@link Schedule} records. Calls
 * block: use them from worker or virtual threads. Deleting a schedule deletes its fires not yet
 * started ({@code schedule_fires}, the firing path's table) in the same transaction, so no fire
 * outlives its schedule.
 */
@ApplicationScoped
public class PgSchedules {

  /**
   * Stores a new schedule; false when the name is taken in its group. {@code clientToken} (may be
   * null) is kept, so that a create sent again with it can be recognized.
   */
  public boolean insert(Schedule s, String clientToken) {
    return insertNew(
        () -> ScheduleEntity.findById(key(s.group(), s.name())),
        () -> {
          ScheduleEntity row = new ScheduleEntity();
          row.groupName = s.group();
          row.name = s.name();
          row.clientToken = clientToken;
          ScheduleColumns.write(s, row);
          return row;
        });
  }

  /**
   * Persists the new row unless {@code existing} finds one with its key, in one transaction; false
   * when there was one (also when another call inserted it at the same moment).
   */
  static boolean insertNew(
      Supplier<Uni<PanacheEntityBase>> existing, Supplier<PanacheEntityBase> row) {
    try {
      return Entities.inTransaction(
          () ->
              existing
                  .get()
                  .chain(
                      found ->
                          found != null
                              ? Uni.createFrom().item(false)
                              : row.get().persist().replaceWith(true)));
    } catch (RuntimeException e) {
      if (UniqueViolation.causedBy(e)) return false;
      throw e;
    }
  }

  /** The client token the schedule was created with, if any. */
  public Optional<String> clientToken(String group, String name) {
    return Optional.ofNullable(
        Entities.read(
            () ->
                ScheduleEntity.<ScheduleEntity>findById(key(group, name))
                    .map(row -> row == null ? null : row.clientToken)));
  }

  /**
   * Replaces a schedule's members (UpdateSchedule, enabling, disabling); false when it is gone, or
   * was deleted and made again meanwhile (another creation date).
   */
  public boolean update(Schedule s) {
    return Entities.inTransaction(
        () ->
            ScheduleEntity.<ScheduleEntity>findById(key(s.group(), s.name()))
                .map(
                    row -> {
                      if (row == null
                          || !row.arn.equals(s.arn())
                          || !row.createdAt.equals(s.createdAt())) {
                        return false;
                      }
                      ScheduleColumns.write(s, row);
                      return true;
                    }));
  }

  /** Deletes a schedule and its fires not yet started; false when there was none. */
  public boolean delete(String group, String name) {
    return Entities.inTransaction(
        () ->
            ScheduleEntity.<ScheduleEntity>findById(key(group, name))
                .chain(
                    row -> {
                      if (row == null) return Uni.createFrom().item(false);
                      return row.delete()
                          .chain(() -> forgetPendingFires("schedule_arn = ?1", row.arn))
                          .replaceWith(true);
                    }));
  }

  public Optional<Schedule> find(String group, String name) {
    return Optional.ofNullable(
        Entities.read(
            () ->
                ScheduleEntity.<ScheduleEntity>findById(key(group, name))
                    .map(row -> row == null ? null : ScheduleColumns.read(row))));
  }

  public Optional<Schedule> findByArn(String arn) {
    return Optional.ofNullable(
        Entities.read(
            () ->
                ScheduleEntity.<ScheduleEntity>find("arn", arn)
                    .<ScheduleEntity>firstResult()
                    .map(row -> row == null ? null : ScheduleColumns.read(row))));
  }

  /** What a list of schedules is narrowed to; null members do not narrow it. */
  public record Filter(
      String group, String namePrefix, String state, String targetMachine, Set<String> visible) {}

  /** Schedules by ARN after {@code afterArn}, at most {@code limit}. */
  public List<Schedule> page(Filter f, String afterArn, int limit) {
    if (f.visible() != null && f.visible().isEmpty()) return List.of();
    StringBuilder where = new StringBuilder("1 = 1");
    Parameters params = new Parameters();
    narrow(where, params, "groupName = :group", "group", f.group());
    narrow(
        where,
        params,
        NAME_STARTS_WITH,
        "prefix",
        f.namePrefix() == null ? null : startingWith(f.namePrefix()));
    narrow(where, params, "state = :state", "state", f.state());
    narrow(where, params, "targetArn = :target", "target", f.targetMachine());
    narrow(where, params, "arn in :visible", "visible", f.visible());
    narrow(where, params, "arn > :after", "after", afterArn);
    return Entities.read(
        () ->
            ScheduleEntity.<ScheduleEntity>find(where + " order by arn", params)
                .range(0, limit - 1)
                .list()
                .map(rows -> rows.stream().map(ScheduleColumns::read).toList()));
  }

  /** Adds a condition with its parameter, unless the value is null (it does not narrow). */
  private static void narrow(
      StringBuilder where, Parameters params, String condition, String name, Object value) {
    if (value == null) return;
    where.append(" and ").append(condition);
    params.and(name, value);
  }

  /**
   * Deletes the fires not yet started of the schedules {@code which} names (a condition on {@code
   * schedule_fires}, with one parameter), in the session's transaction.
   */
  static Uni<Integer> forgetPendingFires(String which, Object parameter) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createNativeQuery(
                        "DELETE FROM schedule_fires WHERE state = 'PENDING' AND " + which)
                    .setParameter(1, parameter)
                    .executeUpdate());
  }

  /** HQL: the name starts with {@code :prefix}, a pattern of {@link #startingWith}. */
  static final String NAME_STARTS_WITH = "name like :prefix escape '!'";

  /** The LIKE pattern of names starting with the prefix, its wildcards taken literally. */
  static String startingWith(String prefix) {
    return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }

  static ScheduleEntity.Key key(String group, String name) {
    return new ScheduleEntity.Key(group, name);
  }
}
