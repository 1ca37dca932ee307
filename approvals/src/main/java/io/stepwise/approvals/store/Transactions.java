package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * How the stores' callers, which run on worker or virtual threads (pages, schedulers, the task
 * handler), use Hibernate Reactive: the work is one {@link Uni} run on a Vert.x context of its own
 * (Hibernate Reactive's session lives there) and the caller's thread waits for its result, as the
 * server's explicit SQL does (the server's {@code persistence.Entities} is the same pattern). The
 * Uni talks only to the database: nothing in it calls the engine's services, which need a
 * connection of the same pool. Never called on an event loop.
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
