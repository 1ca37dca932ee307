package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * How the stores' callers, which run on worker or virtual threads (pages, schedulers, the task
 * handler), use Hibernate Reactive: the work is a {@link Uni} run on a Vert.x context (Hibernate
 * Reactive's sessions live there) and the caller's thread waits for its result, as the server's
 * explicit SQL does. No JDBC, no platform thread held by the database. Must not be called on an
 * event loop.
 */
final class Transactions {
  private Transactions() {}

  /** Runs work in one transaction: committed when its Uni completes, rolled back when it fails. */
  static <T> T inTransaction(Supplier<Uni<T>> work) {
    return await(() -> Panache.withTransaction(work));
  }

  /** Runs reads in one session, without a transaction of their own. */
  static <T> T reading(Supplier<Uni<T>> work) {
    return await(() -> Panache.withSession(work));
  }

  /**
   * Runs blocking code (a call into the engine's services, which wait for their own database work)
   * on a worker thread from inside a transaction, and comes back to the transaction's context.
   */
  static <T> Uni<T> blocking(Callable<T> work) {
    return VertxContextSupport.executeBlocking(work);
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
