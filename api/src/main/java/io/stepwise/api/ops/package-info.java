/**
 * Operations: health checks ({@code /q/health}), Prometheus metrics ({@code /q/metrics}), the
 * execution ARN in the logging context, and the retention job that deletes old closed executions.
 * Cluster-wide figures are read from the database, so any node reports them and no runtime class
 * needs to know about metrics.
 */
package io.stepwise.api.ops;
