package io.stepwise.web.replay;

import io.stepwise.engine.replay.Replay;
import java.util.List;

/**
 * What the replay form answers: the recorded run against the chosen definition — agreement, the
 * first divergence, or why the definition could not be used.
 *
 * @param against which definition was used, in words
 * @param problems why the definition was refused (AWS diagnostics), empty when it was used
 * @param report the replay's report, or null when the definition was refused
 */
public record ReplayVerdict(
    String executionPath, String against, List<String> problems, Replay.Report report) {

  public boolean refused() {
    return report == null;
  }

  public boolean agrees() {
    return report != null && report.agrees();
  }

  public Replay.Divergence divergence() {
    return report == null ? null : report.divergence();
  }
}
