package io.stepwise.web.maprun;

import java.util.Optional;

/**
 * Extension point: the server's Map Runs as the pages read and change them, for the page's caller.
 * The server answers with its Map Run service (which checks the caller's team and role); without
 * one (tests, the CLI) the Map Run pages say there is no such Map Run.
 */
public interface MapRunService {
  /** The Map Run, or empty when it does not exist or the caller may not see it. */
  Optional<MapRunDetail> describe(String mapRunArn);

  /**
   * UpdateMapRun: the limits given (null: unchanged). Refused with AWS's {@code ServiceException}
   * (e.g. AccessDeniedException for a viewer, ValidationException for a negative count).
   */
  void update(
      String mapRunArn,
      Integer maxConcurrency,
      Integer toleratedFailureCount,
      Double toleratedFailurePercentage);
}
