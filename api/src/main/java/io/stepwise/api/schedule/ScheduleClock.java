package io.stepwise.api.schedule;

import io.stepwise.api.ops.MovableClock;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The time schedules are evaluated and fired by: the system clock, which tests replace with one
 * they move forward ({@link #use}), so a day of fire times is tested without waiting a day. Every
 * server of a cluster uses its own system clock; fire rows make a difference between them harmless
 * (a fire is planned once whichever server sees its time first).
 */
@ApplicationScoped
public class ScheduleClock extends MovableClock {}
