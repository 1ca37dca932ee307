package io.stepwise.api.execution;

import java.time.Instant;

/** An execution's row: the projection of its history that DescribeExecution shows. */
public record Execution(
    String arn,
    String stateMachineArn,
    String name,
    String type,
    String status,
    String definition,
    String input,
    String output,
    String error,
    String cause,
    Instant startTime,
    Instant stopTime,
    int redriveCount,
    String versionArn,
    String aliasArn,
    String mapRunArn,
    String parentArn,
    Instant redriveTime) {}
