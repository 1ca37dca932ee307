package io.stepwise.web.timetravel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stepwise.engine.asl.ParallelState;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.interpret.Frame;
import io.stepwise.engine.replay.Replay;
import io.stepwise.web.execution.ExecutionProgress;
import io.stepwise.web.execution.HistoryRow;
import io.stepwise.web.graph.DefinitionDrawings;
import io.stepwise.web.graph.PaintedGraph;
import io.stepwise.web.graph.StateIndex;
import io.stepwise.web.page.Paths;
import io.stepwise.web.page.PrettyJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds an execution's moments for the time-travel panel: the snapshot right after event N comes
 * from {@link Recording#rebuildAt} (the interpreter re-running the recorded outcomes) and gives the
 * frames, their states, data and variables; the graph's colours are the first N events folded.
 * Recent moments are kept, so stepping back and forth costs nothing the second time.
 */
@ApplicationScoped
public class Moments {
  /** A Map with thousands of iterations would drown the panel; the rest are counted. */
  static final int MAX_FRAMES = 40;

  private static final int CAPACITY = 64;

  private final Recordings recordings;
  private final DefinitionDrawings drawings;
  private final Cache<String, Moment> cache = Caffeine.newBuilder().maximumSize(CAPACITY).build();

  public Moments(Recordings recordings, DefinitionDrawings drawings) {
    this.recordings = recordings;
    this.drawings = drawings;
  }

  /** The moment right after event {@code eventId}, clamped to the history. */
  public Moment at(String executionArn, long eventId) {
    Recording recording = recordings.of(executionArn);
    long n = Math.max(1, Math.min(eventId, recording.lastEventId()));
    String key =
        executionArn
            + '|'
            + recording.lastEventId()
            + '|'
            + recording.machine().definition().hashCode()
            + '|'
            + n;
    return cache.get(key, k -> build(executionArn, recording, n));
  }

  /** The snapshot right after event {@code n}, rebuilt; exceptions say why it cannot be. */
  public static ExecutionSnapshot snapshot(Recording recording, long n) {
    return recording.rebuildAt(n);
  }

  private Moment build(String executionArn, Recording recording, long n) {
    ExecutionSnapshot snapshot = null;
    String problem = null;
    if (recording.lastEventId() > 0) {
      try {
        snapshot = snapshot(recording, n);
      } catch (RuntimeException e) {
        problem = "This moment cannot be rebuilt: " + e.getMessage();
      }
    }
    ExecutionProgress progress = progressAt(recording, n);
    PaintedGraph graph =
        PaintedGraph.paintExecution(
            drawings.of(recording.machine().definition(), recording.definition()),
            progress.paints(),
            progress.path());
    List<FrameView> frames = new ArrayList<>();
    int[] hidden = {0, 0};
    if (snapshot != null && snapshot.root() != null) {
      frames(
          snapshot.root(),
          0,
          "Execution",
          new StateIndex(recording.definition().graph()),
          recording.events(),
          frames,
          hidden);
    }
    HistoryRow event =
        recording.events().isEmpty()
            ? null
            : HistoryRow.of(
                recording.events().get((int) n - 1), recording.detail().summary().startDate());
    ExecutionStatus status = snapshot == null ? null : snapshot.status();
    return new Moment(
        Paths.execution(executionArn),
        n,
        recording.lastEventId(),
        event,
        status == null ? "unknown" : status.name(),
        graph,
        List.copyOf(frames),
        hidden[0],
        hidden[1],
        status == ExecutionStatus.SUCCEEDED ? PrettyJson.of(snapshot.output()) : "",
        snapshot == null || snapshot.error() == null ? "" : snapshot.error(),
        snapshot == null || snapshot.cause() == null ? "" : PrettyJson.of(snapshot.cause()),
        problem != null ? problem : warning(recording, snapshot, n));
  }

  /**
   * The first {@code n} events folded: which states had run, failed or been caught by then, and the
   * path taken so far, as the live page would have drawn them then. (A state name can hold several
   * frames at once — Map iterations — so the frames' own states are listed beside the graph rather
   * than painted over the history's colours.)
   */
  static ExecutionProgress progressAt(Recording recording, long n) {
    ExecutionProgress progress = new ExecutionProgress(recording.definition().graph());
    progress.apply(recording.events().subList(0, (int) Math.min(n, recording.events().size())));
    return progress;
  }

  private static boolean isFinished(Frame f) {
    return f.phase() == Frame.Phase.DONE
        || f.phase() == Frame.Phase.FAILED
        || f.phase() == Frame.Phase.ABORTED;
  }

  private static void frames(
      Frame frame,
      int depth,
      String label,
      StateIndex states,
      List<HistoryEvent> events,
      List<FrameView> out,
      int[] hidden) {
    if (depth == 0 || !isFinished(frame)) {
      if (out.size() < MAX_FRAMES) {
        out.add(
            new FrameView(
                label,
                depth,
                frame.stateName() == null ? "" : frame.stateName(),
                phase(frame, events),
                PrettyJson.of(frame.stateInput()),
                frame.variables() == null || frame.variables().isEmpty()
                    ? ""
                    : PrettyJson.of(frame.variables())));
      } else {
        hidden[0]++;
      }
    } else {
      hidden[1]++;
    }
    if (frame.children() == null) return;
    State container = states.state(frame.stateName());
    boolean parallel = container instanceof ParallelState;
    for (Frame child : frame.children()) {
      String childLabel =
          (parallel ? "Branch " + (child.index() + 1) : "Iteration " + child.index())
              + " of "
              + frame.stateName();
      frames(child, depth + 1, childLabel, states, events, out, hidden);
    }
  }

  /**
   * What the frame is doing, in words. The interpreter stops right after event N, possibly inside a
   * step: a frame whose last event left its state has not yet moved on, and says so.
   */
  private static String phase(Frame frame, List<HistoryEvent> events) {
    long last = frame.lastEventId();
    if (last > 0 && last <= events.size() && !isFinished(frame)) {
      HistoryEvent e = events.get((int) last - 1);
      if (e.id() == last && e.type().awsName().endsWith("StateExited")) return "exited";
    }
    return frame.phase().name().toLowerCase().replace('_', ' ');
  }

  private static String warning(Recording recording, ExecutionSnapshot snapshot, long n) {
    if (snapshot != null && snapshot.lastEventId() < n) {
      return "The rebuild stopped at event "
          + snapshot.lastEventId()
          + ", before event "
          + n
          + ": the state machine's current definition does not run as this execution did.";
    }
    Replay.Report check = recording.selfCheck();
    if (check != null && !check.agrees() && check.divergence().eventId() <= n) {
      return "The state machine's current definition departs from this execution at "
          + check.divergence().describe()
          + "; moments from there on are what the current definition would have done.";
    }
    if (recording.definitionChanged()) {
      return "The state machine was updated after this execution started; time travel uses its"
          + " current definition.";
    }
    return "";
  }
}
