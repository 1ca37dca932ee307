/**
 * Schedules as EventBridge Scheduler has them: expressions ({@code cron(…)}, {@code rate(…)},
 * {@code at(…)}) evaluated in a time zone, the fire times a schedule's dates and flexible window
 * give, the schedules and groups kept in PostgreSQL, and the poller that turns each fire time into
 * exactly one execution across any number of servers.
 */
package io.stepwise.api.schedule;
