package io.stepwise.server.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * How the server's callers, which run on virtual or worker threads (the AWS endpoint, pages,
 * background loops, the approvals' task handler), use Hibernate Reactive: the work is one {@link
 * Uni} that runs on a Vert.x context of its own, where its session lives, and the calling thread
 * waits for the result, as the server's explicit SQL waits for its rows. A session is never shared
 * between two calls or threads. The one owner for api and approvals.
 *
 * <p>The Uni must only talk to the database: a transaction that calls blocking code needing another
 * pooled connection (a service, the task service) can take the pool's last connection and wait for
 * itself. Keep transactions short and make the outside calls before or after them. Never call from
 * an event loop.
 */
public final class Entities {
  private Entities() {}

  /** Runs work in one transaction: committed when its Uni completes, rolled back when it fails. */
  public static <T> T inTransaction(Supplier<Uni<T>> work) {
    return await(() -> Panache.withTransaction(work));
  }

  /**
   * Runs work that finds a row by its key and inserts it when missing, in one transaction; when
   * another writer inserted that key meanwhile (PostgreSQL's unique violation), runs it once more,
   * which finds the other's row.
   */
  public static <T> T findOrInsert(Supplier<Uni<T>> work) {
    try {
      return inTransaction(work);
    } catch (RuntimeException e) {
      if (!UniqueViolation.causedBy(e)) throw e;
      return inTransaction(work);
    }
  }

  /** Runs reads in one session, without a transaction of their own. */
  public static <T> T read(Supplier<Uni<T>> work) {
    return await(() -> Panache.withSession(work));
  }

  private static <T> T await(Supplier<Uni<T>> work) {
    try {
      return VertxContextSupport.subscribeAndAwait(work);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new StoreException(e);
    }
  }
}
