package io.stepwise.worker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Java task handler: the code a worker runs for one function name, found with {@link
 * java.util.ServiceLoader} on the worker's classpath.
 *
 * <p>A state whose {@code Resource} is {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME}, the
 * bare {@code NAME}, or the activity {@code arn:aws:states:REGION:ACCOUNT:activity:NAME} is routed
 * to the handler whose {@link #name()} is {@code NAME}. Register an implementation in {@code
 * META-INF/services/io.stepwise.worker.TaskHandler}; it needs a public no-argument constructor.
 *
 * <p>Concurrency: the worker calls {@link #handle} from several threads at once (up to its
 * concurrency), so an implementation must be thread-safe. When a task is taken back (the server
 * timed it out, or the worker is shutting down past its grace period) the calling thread is
 * interrupted: long-running handlers should honour interruption.
 */
public interface TaskHandler {

  /** The function name this handler answers to, e.g. {@code "greet"}. */
  String name();

  /**
   * Runs one task.
   *
   * @param input the task input (the state's effective input after InputPath/Parameters)
   * @return the task result, reported with SendTaskSuccess; {@code null} reports JSON {@code null}
   * @throws TaskFailure to fail the task with an error name and cause that Retry and Catch match;
   *     any other exception fails it with the exception's class name as error
   */
  JsonNode handle(JsonNode input) throws TaskFailure;
}
