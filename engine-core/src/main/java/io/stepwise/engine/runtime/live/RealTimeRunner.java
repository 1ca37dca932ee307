package io.stepwise.engine.runtime.live;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Interpreter;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.interpret.StepResult;
import io.stepwise.engine.outbound.OutboundPolicy;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.memory.DistributedMapIo;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.Timers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one execution in memory on the real clock, as Express workflows run: Waits and timeouts wait
 * for real, tasks go to a {@link TaskDispatcher} and their answers arrive from other threads,
 * parallel branches and Map iterations wait for their tasks side by side, and the run ends as
 * TIMED_OUT at the interpreter's execution timer (TimeoutSeconds, or the snapshot's maximum
 * duration: AWS's five minutes for Express unless the runtime set another).
 *
 * <p>{@link #run} blocks its (virtual) thread until the execution ends; every step is taken on that
 * thread, so the snapshot needs no locking.
 */
public final class RealTimeRunner {
  private final StateMachineDefinition definition;
  private final TaskDispatcher tasks;
  private final Clock clock;
  private final OutboundPolicy outbound;
  private final BlockingQueue<Signal> inbox = new LinkedBlockingQueue<>();
  private final Set<String> openTasks = new LinkedHashSet<>();
  private final Map<String, RealTimeRunner> children = new ConcurrentHashMap<>();
  private Consumer<StepResult> stepListener = result -> {};
  private Ports ports = Ports.STANDARD;

  public RealTimeRunner(
      StateMachineDefinition definition,
      TaskDispatcher tasks,
      Clock clock,
      OutboundPolicy outbound) {
    this.definition = definition;
    this.tasks = tasks;
    this.clock = clock;
    this.outbound = outbound;
  }

  /** Calls {@code listener} on the runner's thread after every step. */
  public RealTimeRunner onStep(Consumer<StepResult> listener) {
    this.stepListener = listener;
    return this;
  }

  /** Runs with these ports (task token secrets, evaluation budget) instead of the standard ones. */
  public RealTimeRunner withPorts(Ports other) {
    this.ports = other;
    return this;
  }

  /** Delivers a signal from any thread (a task's answer, or a stop request). */
  public void signal(Signal signal) {
    inbox.add(signal);
  }

  /** Runs the execution from its start to a terminal status; returns the final snapshot. */
  public ExecutionSnapshot run(ExecutionSnapshot snapshot) throws InterruptedException {
    Timers timers = new Timers();
    inbox.add(new Signal.Started());
    try {
      while (!snapshot.status().isTerminal()) {
        Signal signal = next(timers);
        if (!concernsTheRun(signal)) continue;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StepResult result = Interpreter.step(definition, snapshot, signal, now, ports);
        stepListener.accept(result);
        for (Command command : result.commands()) {
          switch (command) {
            case Command.StartTimer t -> timers.start(t.timerId(), t.dueAt());
            case Command.CancelTimer t -> timers.cancel(t.timerId());
            case Command.DispatchTask t -> {
              openTasks.add(t.taskToken());
              tasks.dispatch(t, this::signal);
            }
            case Command.CancelTask t -> {
              if (openTasks.remove(t.taskToken())) cancel(t.taskToken());
            }
            case Command.StartChildExecution c -> startChild(c, now, snapshot);
            case Command.ReadItems r -> signal(new DistributedMapIo(outbound).read(r));
            case Command.WriteResults w -> signal(new DistributedMapIo(outbound).write(w));
          }
        }
      }
    } finally {
      // Whatever is still out can no longer be answered.
      for (String token : openTasks) cancel(token);
      openTasks.clear();
    }
    return snapshot;
  }

  /** The next due timer, or else the next signal, waiting no longer than the next timer. */
  private Signal next(Timers timers) throws InterruptedException {
    while (true) {
      Instant due = timers.nextDue();
      if (due == null) return inbox.take();
      long waitNanos = Duration.between(clock.instant(), due).toNanos();
      if (waitNanos <= 0) return new Signal.TimerFired(timers.takeNext());
      Signal signal = inbox.poll(waitNanos, TimeUnit.NANOSECONDS);
      if (signal != null) return signal;
    }
  }

  /** Answers of tasks the run stopped waiting for are dropped here, before the interpreter. */
  private boolean concernsTheRun(Signal signal) {
    return switch (signal) {
      case Signal.TaskSucceeded s -> openTasks.remove(s.taskToken());
      case Signal.TaskFailed f -> openTasks.remove(f.taskToken());
      case Signal.TaskHeartbeat h -> openTasks.contains(h.taskToken());
      case Signal.TaskStarted s -> openTasks.contains(s.taskToken());
      default -> true;
    };
  }

  private void cancel(String token) {
    RealTimeRunner child = children.remove(token);
    if (child != null) {
      child.signal(new Signal.StopRequested("States.Aborted", "The Map Run was stopped"));
    } else {
      tasks.cancel(token);
    }
  }

  /** A distributed Map's child runs on its own virtual thread and answers like a task. */
  private void startChild(
      Command.StartChildExecution child, Instant now, ExecutionSnapshot parent) {
    StateMachineDefinition childDefinition;
    try {
      childDefinition = DefinitionParser.parse(child.definition());
    } catch (DefinitionException e) {
      signal(new Signal.TaskFailed(child.token(), "States.Runtime", e.getMessage()));
      return;
    }
    openTasks.add(child.token());
    ExecutionSnapshot childSnapshot =
        InMemoryRunner.localExecution(
            "map-run",
            child.name().replace(':', '-'),
            child.input(),
            now,
            InMemoryRunner.childSeed(parent.randomSeed(), child));
    // An Express child may run as long as its Express parent may.
    if (child.express()) {
      childSnapshot.asExpress(parent.express() ? parent.maxDuration() : null);
    }
    RealTimeRunner runner =
        new RealTimeRunner(childDefinition, tasks, clock, outbound).withPorts(ports);
    children.put(child.token(), runner);
    Thread.ofVirtual()
        .name("map-child-" + child.name())
        .start(
            () -> {
              try {
                ExecutionSnapshot end = runner.run(childSnapshot);
                children.remove(child.token());
                signal(
                    switch (end.status()) {
                      case SUCCEEDED -> new Signal.TaskSucceeded(child.token(), end.output());
                      default -> new Signal.TaskFailed(child.token(), end.error(), end.cause());
                    });
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }
}
