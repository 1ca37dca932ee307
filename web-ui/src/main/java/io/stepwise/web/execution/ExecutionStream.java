package io.stepwise.web.execution;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.web.page.Viewer;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The live execution page's server-sent events: whenever the execution's history grows, the graph,
 * the summary, the timeline and the new history rows as HTML fragments, named for the {@code
 * sse-swap} targets of the page. No thread waits per viewer: the service's watch calls back, and
 * updates within {@value #COALESCE_MILLIS} ms are drawn once.
 */
@Path("/executions/{executionArn}/stream")
public class ExecutionStream {
  private static final Logger LOG = Logger.getLogger(ExecutionStream.class);
  static final long COALESCE_MILLIS = 150;

  /** New rows sent in one update at most; beyond that the page says to load the next window. */
  static final int MAX_ROWS = 200;

  private final ExecutionService executions;
  private final ExecutionViews views;
  private final Viewer viewer;

  public ExecutionStream(ExecutionService executions, ExecutionViews views, Viewer viewer) {
    this.executions = executions;
    this.views = views;
    this.viewer = viewer;
  }

  /**
   * @param after the last history event the page shows; rows after it are sent (a reconnecting
   *     browser says where it was with Last-Event-ID)
   * @param tail whether the page shows the newest history window, so new rows belong in it
   */
  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> stream(
      @PathParam("executionArn") String executionArn,
      @QueryParam("after") @DefaultValue("0") long after,
      @QueryParam("tail") @DefaultValue("false") boolean tail,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @Context Sse sse) {
    long shown = Math.max(after, parse(lastEventId));
    // Updates are drawn outside this request: what the user may do is read now.
    boolean mayOperate = viewer.may("operator");
    return Multi.createFrom()
        .<OutboundSseEvent>emitter(
            emitter -> new Watcher(executionArn, shown, tail, mayOperate, sse, emitter).open())
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private static long parse(String id) {
    try {
      return id == null ? 0 : Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** One open page: its folded progress and the rows it has not been sent yet. */
  private final class Watcher {
    private final String executionArn;
    private final boolean tail;
    private final boolean mayOperate;
    private final Sse sse;
    private final MultiEmitter<? super OutboundSseEvent> emitter;
    private final List<HistoryEvent> unsent = new ArrayList<>();
    private long shown;
    private ExecutionProgress progress;
    private StateMachineDetail machine;
    private boolean flushScheduled;
    private boolean ready;

    Watcher(
        String executionArn,
        long shown,
        boolean tail,
        boolean mayOperate,
        Sse sse,
        MultiEmitter<? super OutboundSseEvent> emitter) {
      this.executionArn = executionArn;
      this.shown = shown;
      this.tail = tail;
      this.mayOperate = mayOperate;
      this.sse = sse;
      this.emitter = emitter;
    }

    void open() {
      AutoCloseable watch;
      try {
        // Watch first, then read: events that land in between are both heard and read, and
        // progress skips the ones it already has.
        watch = executions.watch(executionArn, this::heard);
        ExecutionDetail detail = views.detail(executionArn);
        synchronized (this) {
          machine = views.machine(detail);
          progress = views.progress(machine);
        }
        ExecutionProgress initial = views.progress(machine);
        views.readHistory(executionArn, initial);
        synchronized (this) {
          progress = initial;
          for (HistoryEvent e : pendingSinceRead()) progress.apply(e);
          ready = true;
        }
      } catch (RuntimeException e) {
        emitter.fail(e);
        return;
      }
      emitter.onTermination(
          () -> {
            try {
              watch.close();
            } catch (Exception ignored) {
              // Closing a watch only unregisters a listener.
            }
          });
      flush();
    }

    private List<HistoryEvent> pendingSinceRead() {
      return List.copyOf(unsent);
    }

    private synchronized void heard(List<HistoryEvent> events) {
      unsent.addAll(events);
      if (!ready) return;
      progress.apply(events);
      if (!flushScheduled) {
        flushScheduled = true;
        Infrastructure.getDefaultWorkerPool()
            .schedule(this::flush, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
      }
    }

    private void flush() {
      try {
        send();
      } catch (RuntimeException e) {
        // A scheduled flush has nobody to throw to: say so, and end the stream (the browser
        // reconnects and gets a whole new view).
        LOG.warnf(e, "Live update of %s failed", executionArn);
        emitter.fail(e);
      }
    }

    private void send() {
      if (emitter.isCancelled()) return;
      ExecutionDetail detail = views.detail(executionArn);
      List<HistoryEvent> rows;
      String graph, summary, timeline;
      long lastId;
      synchronized (this) {
        // Drawn under the lock: the watch callback folds new events into the same progress.
        flushScheduled = false;
        rows = unsent.stream().filter(e -> e.id() > shown).toList();
        unsent.clear();
        ExecutionView view = views.view(detail, machine, progress, Instant.now());
        graph = ExecutionsResource.Templates.graph(view).render();
        summary = ExecutionsResource.Templates.summary(view, mayOperate).render();
        timeline = ExecutionsResource.Templates.timeline(view).render();
        lastId = rows.isEmpty() ? shown : rows.getLast().id();
        shown = lastId;
      }
      emit("graph", graph, lastId);
      emit("summary", summary, lastId);
      emit("timeline", timeline, lastId);
      if (tail && !rows.isEmpty()) {
        List<HistoryRow> html =
            rows.stream()
                .limit(MAX_ROWS)
                .map(e -> HistoryRow.of(e, detail.summary().startDate()))
                .toList();
        emit("history", ExecutionsResource.Templates.rows(html).render(), lastId);
      }
    }

    private void emit(String name, String html, long id) {
      emitter.emit(sse.newEventBuilder().name(name).id(Long.toString(id)).data(html).build());
    }
  }
}
