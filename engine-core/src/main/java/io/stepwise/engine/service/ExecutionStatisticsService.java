package io.stepwise.engine.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The dashboard's numbers. Implemented over PostgreSQL by the server (narrowed to the caller's
 * teams) and in memory for tests.
 */
public interface ExecutionStatisticsService {
  /**
   * Statistics of the executions of {@code stateMachineArn} (null: of every machine the caller may
   * see) that started from {@code since} until {@code until} (which may lie ahead: the window's
   * last bucket is the current one), in buckets of {@code bucket}. Running counts and transitions
   * are as of the current time.
   */
  ExecutionStatistics statistics(
      String stateMachineArn, Instant since, Instant until, Duration bucket);

  /**
   * For each state machine the caller may see that has executions, by ARN: its newest execution,
   * how many started since {@code since} and how those went, and how many run now.
   */
  Map<String, MachineActivity> activity(Instant since);
}
