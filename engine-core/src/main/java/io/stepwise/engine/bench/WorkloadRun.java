package io.stepwise.engine.bench;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.TaskHandler;
import java.lang.management.ManagementFactory;
import java.time.Instant;

/**
 * Runs one workload repeatedly on the calling thread and measures it. Every execution goes through
 * the same interpreter and in-memory runtime the CLI uses, history events included.
 */
public final class WorkloadRun {
  private final StateMachineDefinition definition;
  private final Workload workload;

  public WorkloadRun(StateMachineDefinition definition, Workload workload) {
    this.definition = definition;
    this.workload = workload;
  }

  /** What one measurement found. */
  public record Figures(
      double executionsPerSecond,
      double transitionsPerSecond,
      double transitionsPerCpuSecond,
      boolean outputOk) {}

  /** One execution; returns whether its output was the expected one. */
  public boolean runOnce(long seed) {
    ExecutionSnapshot snapshot =
        InMemoryRunner.localExecution(
            workload.name(), "bench-" + seed, workload.input(), Instant.EPOCH, seed);
    new InMemoryRunner(definition, TaskHandler.NONE, false).run(snapshot);
    return snapshot.status() == ExecutionStatus.SUCCEEDED
        && workload.expectedOutput().equals(snapshot.output());
  }

  /** Warms up for {@code seconds}, then measures for {@code seconds}. */
  public Figures measure(double seconds) {
    boolean ok = runOnce(0);
    long budget = (long) (seconds * 1e9);
    loop(budget);
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long executions = loop(budget);
    long wall = System.nanoTime() - t0;
    long cpu = os.getProcessCpuTime() - cpu0;
    double transitions = (double) executions * workload.transitionsPerExecution();
    return new Figures(
        executions / (wall / 1e9), transitions / (wall / 1e9), transitions / (cpu / 1e9), ok);
  }

  private long loop(long budgetNanos) {
    long start = System.nanoTime();
    long n = 0;
    while (System.nanoTime() - start < budgetNanos) {
      runOnce(n++);
    }
    return n;
  }
}
