package io.stepwise.api.persistence;

/**
 * Who holds a claimed task that no worker holds, as written in {@code tasks.lease_owner} (a
 * worker's claim is held by the server process that handed it out, named by a random id). These
 * names are written here only; SQL takes them as parameters. (Migration V53's generated column
 * {@code internal} compares with {@link #INTERNAL}'s name: a migration, once applied, cannot
 * change.)
 */
public enum LeaseOwner {
  /** A task served inside the server by a built-in handler (an approval): never a worker's. */
  BUILT_IN("builtin", null),

  /**
   * Work the server does itself (reading items, writing results, a mocked answer, a nested start):
   * held for a minute; when the lease runs out, the recovery sweep of any node does it again.
   */
  INTERNAL("internal", 60),

  /** A task that stands for a child execution (or waits for a callback): its end answers it. */
  CHILD("child", null);

  private final String column;
  private final Integer leaseSeconds;

  LeaseOwner(String column, Integer leaseSeconds) {
    this.column = column;
    this.leaseSeconds = leaseSeconds;
  }

  /** The name stored in {@code tasks.lease_owner}. */
  public String column() {
    return column;
  }

  /** How long a claim of this owner lasts; null for good. */
  Integer leaseSeconds() {
    return leaseSeconds;
  }

  /** The owner stored in the column, or null for a worker's lease (or none). */
  public static LeaseOwner of(String column) {
    for (LeaseOwner o : values()) {
      if (o.column.equals(column)) return o;
    }
    return null;
  }
}
