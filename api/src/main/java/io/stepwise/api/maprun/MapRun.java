package io.stepwise.api.maprun;

import java.time.Instant;
import java.util.Map;

/**
 * A Map Run of a distributed Map, as DescribeMapRun shows it; {@code counts} are its child
 * executions by AWS's count names (pending, running, succeeded, ..., total).
 */
public record MapRun(
    String arn,
    String executionArn,
    String status,
    Instant startDate,
    Instant stopDate,
    int maxConcurrency,
    float toleratedFailurePercentage,
    long toleratedFailureCount,
    int redriveCount,
    Map<String, Long> counts) {}
