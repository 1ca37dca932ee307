package io.stepwise.engine.dataflow.path;

import com.jayway.jsonpath.Predicate;
import com.jayway.jsonpath.internal.filter.Evaluator;
import com.jayway.jsonpath.internal.filter.EvaluatorFactory;
import com.jayway.jsonpath.internal.filter.RelationalOperator;
import com.jayway.jsonpath.internal.filter.ValueNode;
import com.jayway.jsonpath.internal.filter.ValueNodes;
import io.stepwise.engine.dataflow.BoundedRegex;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * jayway's {@code =~} filter operator ({@code $.items[?(@.name =~ /a.*b/)]}) with its matching held
 * to {@link BoundedRegex}'s bound, shared by every item one path read looks at. jayway matches with
 * an unbounded Java matcher and swallows exceptions under {@code SUPPRESS_EXCEPTIONS}, so this
 * evaluator takes its place in jayway's table of operators (installed once, by reflection: the
 * table has no public hook) and notes a refusal, which {@link #read} then throws. Otherwise it is
 * jayway's own RegexpEvaluator: a pattern against a string, number or boolean, or any item of an
 * array.
 */
final class BoundedRegexFilter implements Evaluator {
  private static final ThreadLocal<long[]> READS = new ThreadLocal<>();
  private static final ThreadLocal<BoundedRegex.TooCostly> REFUSED = new ThreadLocal<>();
  private static final Method COMPILED_PATTERN;

  static {
    try {
      COMPILED_PATTERN = ValueNodes.PatternNode.class.getDeclaredMethod("getCompiledPattern");
      COMPILED_PATTERN.setAccessible(true);
      Field table = EvaluatorFactory.class.getDeclaredField("evaluators");
      table.setAccessible(true);
      @SuppressWarnings("unchecked")
      Map<RelationalOperator, Evaluator> evaluators =
          (Map<RelationalOperator, Evaluator>) table.get(null);
      evaluators.put(RelationalOperator.REGEX, new BoundedRegexFilter());
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private BoundedRegexFilter() {}

  /** Runs one jayway read with a fresh bound; throws if a regular expression passed it. */
  static <T> T read(Supplier<T> read) {
    READS.set(new long[] {0});
    try {
      T result = read.get();
      BoundedRegex.TooCostly refused = REFUSED.get();
      if (refused != null) throw refused;
      return result;
    } finally {
      READS.remove();
      REFUSED.remove();
    }
  }

  @Override
  public boolean evaluate(ValueNode left, ValueNode right, Predicate.PredicateContext ctx) {
    if (REFUSED.get() != null || !(left.isPatternNode() ^ right.isPatternNode())) return false;
    Pattern pattern = compiled(left.isPatternNode() ? left.asPatternNode() : right.asPatternNode());
    ValueNode value = left.isPatternNode() ? right : left;
    long[] reads = READS.get() != null ? READS.get() : new long[] {0};
    try {
      if (value.isValueListNode() || value.isJsonNode() && value.asJsonNode().isArray(ctx)) {
        ValueNode items = value.isValueListNode() ? value : value.asJsonNode().asValueListNode(ctx);
        if (!items.isValueListNode()) return false;
        for (ValueNode item : items.asValueListNode()) {
          if (BoundedRegex.matches(pattern, text(item), reads)) return true;
        }
        return false;
      }
      return BoundedRegex.matches(pattern, text(value), reads);
    } catch (BoundedRegex.TooCostly e) {
      REFUSED.set(e);
      return false;
    }
  }

  /** What jayway matches a pattern against: a string or number's text, a boolean's, else "". */
  private static String text(ValueNode node) {
    if (node.isStringNode() || node.isNumberNode()) return node.asStringNode().getString();
    if (node.isBooleanNode()) return node.asBooleanNode().toString();
    return "";
  }

  private static Pattern compiled(ValueNodes.PatternNode node) {
    try {
      return (Pattern) COMPILED_PATTERN.invoke(node);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
