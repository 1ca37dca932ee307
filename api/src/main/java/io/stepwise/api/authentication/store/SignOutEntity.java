package io.stepwise.api.authentication.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code session_sign_outs}; never leaves this package ({@link SignOutTable} does). */
@Entity
@Table(name = "session_sign_outs")
class SignOutEntity extends PanacheEntityBase {
  @Id
  @Column(name = "user_name")
  String userName;

  @Column(name = "signed_out_at")
  Instant signedOutAt;
}
