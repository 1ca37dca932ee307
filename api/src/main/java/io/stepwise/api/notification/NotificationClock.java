package io.stepwise.api.notification;

import io.stepwise.api.ops.MovableClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * The time notifications are judged by (when a failing subscription has failed for a day, when a
 * minute of mails is over): the system clock, which tests move forward ({@link #use}), so a day of
 * failures is tested without waiting a day.
 */
// Typed: not an InstantSource bean, which approvals' clock would then have to choose between.
@ApplicationScoped
@Typed(NotificationClock.class)
public class NotificationClock extends MovableClock {}
