package io.stepwise.engine.dataflow.jsonata;

import com.dashjoin.jsonata.Jsonata;
import io.stepwise.engine.port.EvaluationBudget;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Map;

/**
 * Holds one JSONata evaluation to its {@link EvaluationBudget}: the library calls back on entering
 * and leaving every expression node, and the guard counts the nesting, looks at the clock and
 * measures each node's result, throwing {@link Exceeded} at the first limit passed.
 *
 * <p>Why not the library's own {@code Frame.setRuntimeBounds}: it counts depth only on frames that
 * are not "parallel calls", so entries and exits stop balancing over large arrays (a reported bug
 * that fails long {@code $map}s), it reads the system clock itself, and it has no size limit, which
 * is what stops an expression that doubles a string until the heap is gone. The callbacks' types
 * name a class the library keeps package-private, so they are implemented through a {@link Proxy}.
 */
final class EvaluationGuard implements InvocationHandler {
  /** Looking at the clock once every so many node entries keeps the callback cheap. */
  private static final int CLOCK_EVERY = 64;

  private final EvaluationBudget budget;
  private final long deadline;
  private int depth;
  private int entries;

  EvaluationGuard(EvaluationBudget budget) {
    this.budget = budget;
    this.deadline = budget.clock().millis() + budget.time().toMillis();
  }

  /** A limit was passed; the message says which and the setting that raises it. */
  static final class Exceeded extends RuntimeException {
    Exceeded(String message) {
      super(message, null, false, false);
    }
  }

  /** Installs the guard's callbacks on an evaluation's frame. */
  void watch(Jsonata.Frame frame) {
    ClassLoader loader = Jsonata.class.getClassLoader();
    frame.setEvaluateEntryCallback(
        (Jsonata.EntryCallback)
            Proxy.newProxyInstance(loader, new Class<?>[] {Jsonata.EntryCallback.class}, this));
    frame.setEvaluateExitCallback(
        (Jsonata.ExitCallback)
            Proxy.newProxyInstance(loader, new Class<?>[] {Jsonata.ExitCallback.class}, this));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) {
    if (!method.getName().equals("callback")) return objectMethod(proxy, method, args);
    if (args.length == 3) {
      entered();
    } else {
      depth--;
      measure(args[3]);
    }
    return null;
  }

  private void entered() {
    if (++depth > budget.depth()) throw tooDeep();
    if (++entries % CLOCK_EVERY == 0 && budget.clock().millis() > deadline) {
      throw new Exceeded(
          "The evaluation took longer than its "
              + budget.time().toMillis()
              + " ms (stepwise.limits.expression-time).");
    }
  }

  /** The failure of an evaluation nested deeper than the budget (or the thread's stack) allows. */
  Exceeded tooDeep() {
    return new Exceeded(
        "The evaluation nested deeper than "
            + budget.depth()
            + " levels (stepwise.limits.expression-depth): is a function recursing without end?");
  }

  private void measure(Object result) {
    int size =
        switch (result) {
          case CharSequence text -> text.length();
          case Collection<?> items -> items.size();
          case Map<?, ?> fields -> fields.size();
          case null, default -> 0;
        };
    if (size > budget.size()) throw tooLarge(size);
  }

  /** The failure of a value larger than the budget allows. */
  Exceeded tooLarge(long size) {
    return new Exceeded(
        "The evaluation built a value of "
            + size
            + " items or characters, more than "
            + budget.size()
            + " (stepwise.limits.expression-size).");
  }

  /** The failure of a built-in call that asked for more memory than the server has. */
  Exceeded outOfMemory() {
    return new Exceeded(
        "The evaluation asked for more memory than the server has; a value may have at most "
            + budget.size()
            + " items or characters (stepwise.limits.expression-size).");
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "EvaluationGuard callback";
    };
  }
}
