package io.stepwise.approvals.link;

import java.time.Instant;
import java.util.UUID;

/** What checking a link reference found: a good link, an expired one, or a forged/damaged one. */
public sealed interface LinkCheck {
  /** The signature holds and the link has not expired. */
  record Valid(UUID linkId, Instant expiresAt) implements LinkCheck {}

  /** The signature holds but the link's time is up. */
  record Expired(UUID linkId, Instant expiresAt) implements LinkCheck {}

  /** Not a reference this server signed (changed, truncated, or signed with an unknown secret). */
  record Tampered(String reason) implements LinkCheck {}
}
