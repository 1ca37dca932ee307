package io.stepwise.api.schedule.store;

import java.time.Instant;

/** A schedule group as stored: its name and dates (its ARN and team are the service's). */
public record StoredGroup(String name, Instant createdAt, Instant updatedAt) {}
