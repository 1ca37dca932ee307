/**
 * Stepwise worker: a separate process that long-polls the server for tasks over the public AWS
 * activity protocol (GetActivityTask, SendTaskSuccess/Failure/Heartbeat), runs them and reports.
 *
 * <p>{@link io.stepwise.worker.TaskHandler} and {@link io.stepwise.worker.TaskFailure} are the
 * public API for Java handlers; {@link io.stepwise.worker.WorkerMain} starts the process.
 */
package io.stepwise.worker;
