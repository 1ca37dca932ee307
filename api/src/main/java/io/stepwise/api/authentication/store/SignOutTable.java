package io.stepwise.api.authentication.store;

import io.smallrye.mutiny.Uni;
import io.stepwise.server.persistence.Entities;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code session_sign_outs} table, through its entity: when each local user last signed out.
 * Calls block: use them from worker or virtual threads.
 */
@ApplicationScoped
public class SignOutTable {

  /**
   * Records a sign-out, keeping the later one when the user signed out later elsewhere. Two nodes
   * recording the first sign-out of a user at once both succeed: the second finds the first's row.
   */
  public void record(String user, Instant at) {
    Entities.findOrInsert(() -> keepLatest(user, at));
  }

  private static Uni<Void> keepLatest(String user, Instant at) {
    // Locked: a concurrent later sign-out is not overwritten by this earlier one.
    return SignOutEntity.<SignOutEntity>findById(user, LockModeType.PESSIMISTIC_WRITE)
        .chain(
            found -> {
              if (found != null) {
                if (found.signedOutAt.isBefore(at)) found.signedOutAt = at;
                return Uni.createFrom().voidItem();
              }
              SignOutEntity row = new SignOutEntity();
              row.userName = user;
              row.signedOutAt = at;
              return row.persist().replaceWithVoid();
            });
  }

  /** Every user's last sign-out. */
  public Map<String, Instant> all() {
    return Entities.read(
        () ->
            SignOutEntity.<SignOutEntity>listAll()
                .map(
                    rows -> {
                      Map<String, Instant> out = new HashMap<>();
                      for (SignOutEntity row : rows) out.put(row.userName, row.signedOutAt);
                      return out;
                    }));
  }
}
