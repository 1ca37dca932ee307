package io.stepwise.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What tests that play several nodes rely on: a second instance of a loop runs until stopped, and
 * this node's own one can be held and let go again; stopping waits for the pass under way, so
 * nothing of the loop runs afterwards; a failing pass does not end its loop.
 */
class BackgroundLoopsTest {
  private final BackgroundLoops loops = new BackgroundLoops(null);

  /** Counts its passes; a pass takes a moment, so that stopping meets one under way. */
  static class Counting implements NodeLoop {
    final AtomicInteger passes = new AtomicInteger();
    final AtomicBoolean inPass = new AtomicBoolean();
    volatile boolean failing;

    @Override
    public String name() {
      return "test-loop";
    }

    @Override
    public void pass() throws InterruptedException {
      inPass.set(true);
      try {
        Thread.sleep(20);
        passes.incrementAndGet();
        if (failing) throw new IllegalStateException("a failing pass");
      } finally {
        inPass.set(false);
      }
    }

    @Override
    public Duration afterFailure() {
      return Duration.ofMillis(10);
    }
  }

  @Test
  void aSecondInstanceRunsUntilStoppedAndStoppingWaitsForThePassUnderWay()
      throws InterruptedException {
    Counting loop = new Counting();
    BackgroundLoops.Running running = loops.start(loop);
    await(() -> loop.passes.get() >= 2);
    await(() -> loop.inPass.get());
    running.stop();
    assertThat(loop.inPass).isFalse();
    int passes = loop.passes.get();
    Thread.sleep(100);
    assertThat(loop.passes.get()).isEqualTo(passes);
  }

  @Test
  void thisNodesLoopIsHeldByPauseAndGoesOnAfterResume() throws InterruptedException {
    Counting loop = new Counting();
    loops.resume(loop);
    loops.resume(loop); // running already: not a second thread
    await(() -> loop.passes.get() >= 2);
    loops.pause(loop);
    int passes = loop.passes.get();
    Thread.sleep(100);
    assertThat(loop.passes.get()).isEqualTo(passes);

    loops.resume(loop);
    await(() -> loop.passes.get() >= passes + 2);
    loops.pause(loop);
  }

  @Test
  void aFailingPassDoesNotEndItsLoop() throws InterruptedException {
    Counting loop = new Counting();
    loop.failing = true;
    BackgroundLoops.Running running = loops.start(loop);
    await(() -> loop.passes.get() >= 3);
    running.stop();
  }

  /** Waits (ten seconds at the most) until the condition holds. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; !condition.getAsBoolean(); i++) {
      assertThat(i).as("waited 10 s").isLessThan(10_000);
      Thread.sleep(1);
    }
  }
}
