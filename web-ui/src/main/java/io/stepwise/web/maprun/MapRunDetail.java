package io.stepwise.web.maprun;

import java.time.Instant;
import java.util.Map;

/**
 * A Map Run as DescribeMapRun shows it: {@code counts} are its child executions by AWS's count
 * names (pending, running, succeeded, failed, timedOut, aborted, total, ...); {@code stopDate} is
 * null while it runs.
 */
public record MapRunDetail(
    String arn,
    String executionArn,
    String status,
    Instant startDate,
    Instant stopDate,
    int maxConcurrency,
    float toleratedFailurePercentage,
    long toleratedFailureCount,
    Map<String, Long> counts) {}
