package io.stepwise.engine.dataflow.jsonata;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import io.stepwise.engine.dataflow.BoundedRegex;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The library's {@code $contains}, {@code $match}, {@code $replace} and {@code $split}, each first
 * searching its regular expression within {@link BoundedRegex}'s bound: one call with a
 * backtracking pattern ({@code $contains(s, /(.*a){25}b/)}) otherwise holds its thread for hours,
 * and the time budget is only looked at between expression nodes. Same names, signatures and
 * implementations as the library's (its {@code Jsonata} static frame), so results and errors are
 * unchanged.
 */
final class RegexFunctions {
  private RegexFunctions() {}

  static void bind(Jsonata.Frame frame) {
    frame.bind("contains", bounded("contains", "<s-(sf):b>"));
    frame.bind("match", bounded("match", "<s-f<s:o>n?:a<o>>"));
    frame.bind("replace", bounded("replace", "<s-(sf)(sf)n?:s>"));
    frame.bind("split", bounded("split", "<s-(sf)n?:a<s>>"));
  }

  private static Jsonata.JFunction bounded(String name, String signature) {
    return new Jsonata.JFunction(name, signature, Functions.class, null, name) {
      @Override
      public Object call(Object input, @SuppressWarnings("rawtypes") List args) {
        if (args.size() > 1
            && args.get(0) instanceof String text
            && args.get(1) instanceof Pattern p) {
          try {
            BoundedRegex.requireAffordable(p, text);
          } catch (BoundedRegex.TooCostly e) {
            throw new EvaluationGuard.Exceeded(e.getMessage());
          }
        }
        return super.call(input, args);
      }
    };
  }
}
