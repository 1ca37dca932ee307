package io.stepwise.approvals.store;

import java.time.Instant;
import java.util.UUID;

/** One mailed link: a recipient's way to make one choice on one approval. */
public record LinkRecord(
    UUID id, UUID approvalId, String recipient, String choice, Instant expiresAt, Instant usedAt) {}
