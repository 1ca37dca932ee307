package io.stepwise.engine.benchmark;

import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.bench.Workload;
import io.stepwise.engine.bench.WorkloadRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The careful benchmark: one whole execution of a shared workload per operation, through the
 * interpreter and the in-memory runtime. Transitions per second = ops/s × the workload's
 * transitionsPerExecution. Run with {@code ./stepwise jmh InterpreterBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class InterpreterBenchmark {
  @Param({
    "pass-chain-100",
    "choice-loop-1000",
    "map-1000",
    "parallel-10x10",
    "payload-heavy",
    "order-flow"
  })
  public String workload;

  private WorkloadRun run;
  private long seed;

  @Setup(Level.Trial)
  public void load() throws Exception {
    String shared = System.getProperty("stepwise.shared", "../shared");
    Path file = Path.of(shared, "bench", "workloads", workload + ".json");
    if (!Files.exists(file))
      file = Path.of("..", "shared", "bench", "workloads", workload + ".json");
    Workload w = Workload.read(file);
    run = new WorkloadRun(DefinitionParser.parse(w.definition()), w);
    if (!run.runOnce(0)) throw new IllegalStateException(workload + " gives the wrong output");
  }

  @Benchmark
  public boolean execution() {
    return run.runOnce(++seed);
  }
}
