package io.stepwise.api.pages;

import io.stepwise.engine.service.ServiceException;
import java.util.Set;

/**
 * The service refusals that mean "not there for this caller" on a page: another team's resource, an
 * ARN that names nothing of this installation, a resource that is gone. Pages show them as absent,
 * so a page does not tell another team's resources from missing ones.
 */
final class Unseen {
  private static final Set<String> CODES =
      Set.of(
          "AccessDeniedException",
          "InvalidArn",
          "ExecutionDoesNotExist",
          "StateMachineDoesNotExist");

  private Unseen() {}

  static boolean means(ServiceException e) {
    return CODES.contains(e.code());
  }

  /** The refusal as ExecutionDoesNotExist when it means unseen; otherwise itself. */
  static ServiceException asMissing(ServiceException e, String executionArn) {
    if (!means(e)) return e;
    return new ServiceException(
        "ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'");
  }
}
