package io.stepwise.engine.dataflow.jsonata;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import io.stepwise.engine.dataflow.BoundedRegex;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The library's built-ins that can do unbounded work inside one call, where the evaluation guard
 * (which looks between expression nodes) cannot stop them. Each is the library's own function (same
 * name, signature and implementation, so results and errors are unchanged), called after its
 * arguments are checked:
 *
 * <ul>
 *   <li>{@code $contains}, {@code $match}, {@code $replace}, {@code $split}: the regular expression
 *       is searched within {@link BoundedRegex}'s bound first; a backtracking pattern ({@code
 *       $contains(s, /(.*a){25}b/)}) otherwise holds its thread for hours.
 *   <li>{@code $join}, {@code $string}, {@code $replace}: the length of the result is worked out
 *       from the arguments and refused past the size budget before anything is built; 300
 *       references to one 200,000-character string otherwise allocate 60 million characters before
 *       the guard measures the result.
 * </ul>
 */
final class BoundedBuiltIns {
  private BoundedBuiltIns() {}

  static void bind(Jsonata.Frame frame, int sizeLimit) {
    frame.bind("contains", checked("contains", "<s-(sf):b>", BoundedBuiltIns::regexMatches));
    frame.bind("match", checked("match", "<s-f<s:o>n?:a<o>>", BoundedBuiltIns::regexMatches));
    frame.bind("split", checked("split", "<s-(sf)n?:a<s>>", BoundedBuiltIns::regexMatches));
    frame.bind(
        "replace", checked("replace", "<s-(sf)(sf)n?:s>", args -> replaceSize(args, sizeLimit)));
    frame.bind("join", checked("join", "<a<s>s?:s>", args -> joinSize(args, sizeLimit)));
    frame.bind("string", checked("string", "<x-b?:s>", args -> stringSize(args, sizeLimit)));
  }

  private static Jsonata.JFunction checked(String name, String signature, Consumer<List<?>> check) {
    return new Jsonata.JFunction(name, signature, Functions.class, null, name) {
      @Override
      public Object call(Object input, @SuppressWarnings("rawtypes") List args) {
        check.accept(args);
        return super.call(input, args);
      }
    };
  }

  /** How often a regular expression matches the text, searched within the bound (0 otherwise). */
  private static int regexMatches(List<?> args) {
    if (args.size() > 1 && args.get(0) instanceof String text && args.get(1) instanceof Pattern p) {
      try {
        return BoundedRegex.requireAffordable(p, text);
      } catch (BoundedRegex.TooCostly e) {
        throw new EvaluationGuard.Exceeded(e.getMessage());
      }
    }
    return 0;
  }

  /**
   * {@code $replace(str, pattern, replacement, limit)} makes at most the text plus, per match, the
   * replacement and, per {@code $} group reference in it, the matched text again. A function as
   * replacement is measured by the guard call by call.
   */
  private static void replaceSize(List<?> args, int limit) {
    int regexMatches = regexMatches(args);
    if (args.size() < 3
        || !(args.get(0) instanceof String text)
        || !(args.get(2) instanceof String replacement)) {
      return;
    }
    long matches;
    long removed; // a string pattern's matches leave the text; a regular expression's may be empty
    if (args.get(1) instanceof String pattern && !pattern.isEmpty()) {
      matches = occurrences(text, pattern);
      removed = pattern.length();
    } else {
      matches = regexMatches;
      removed = 0;
    }
    if (args.size() > 3 && args.get(3) instanceof Number most) {
      matches = Math.min(matches, Math.max(0, most.longValue()));
    }
    long references = replacement.chars().filter(c -> c == '$').count();
    long size =
        text.length() + matches * (replacement.length() - removed) + references * text.length();
    if (size > limit) throw tooLarge("$replace", size, limit);
  }

  private static long occurrences(String text, String pattern) {
    long count = 0;
    for (int at = text.indexOf(pattern);
        at >= 0;
        at = text.indexOf(pattern, at + pattern.length())) {
      count++;
    }
    return count;
  }

  /** {@code $join(strings, separator)}: every string and a separator between each two. */
  private static void joinSize(List<?> args, int limit) {
    if (args.isEmpty() || !(args.get(0) instanceof List<?> strings)) return;
    long size = 0;
    for (Object s : strings) if (s instanceof String text) size += text.length();
    if (args.size() > 1 && args.get(1) instanceof String separator && !strings.isEmpty()) {
      size += (long) separator.length() * (strings.size() - 1);
    }
    if (size > limit) throw tooLarge("$join", size, limit);
  }

  /**
   * {@code $string(value, prettify)}: a JSON text at least as long as its strings (with quotes),
   * keys and punctuation, and, prettified, each line's indentation. Counted with an early stop, so
   * the count itself costs at most the limit.
   */
  private static void stringSize(List<?> args, int limit) {
    if (args.isEmpty() || args.get(0) instanceof String) return; // a string is returned as it is
    boolean pretty = args.size() > 1 && Boolean.TRUE.equals(args.get(1));
    long[] size = {0};
    if (!fits(args.get(0), pretty, 0, size, limit)) {
      throw new EvaluationGuard.Exceeded(
          "$string would make more than "
              + limit
              + " characters (stepwise.limits.expression-size).");
    }
  }

  private static boolean fits(Object value, boolean pretty, int depth, long[] size, int limit) {
    long indentation = pretty ? 2L * (depth + 1) + 1 : 0;
    switch (value) {
      case String text -> size[0] += text.length() + 2;
      case List<?> items -> {
        size[0] += 2;
        for (Object item : items) {
          size[0] += 1 + indentation;
          if (size[0] > limit || !fits(item, pretty, depth + 1, size, limit)) return false;
        }
      }
      case Map<?, ?> fields -> {
        size[0] += 2;
        for (Map.Entry<?, ?> field : fields.entrySet()) {
          size[0] += String.valueOf(field.getKey()).length() + 4 + indentation;
          if (size[0] > limit || !fits(field.getValue(), pretty, depth + 1, size, limit)) {
            return false;
          }
        }
      }
      case null, default -> size[0] += 1;
    }
    return size[0] <= limit;
  }

  private static EvaluationGuard.Exceeded tooLarge(String function, long size, int limit) {
    return new EvaluationGuard.Exceeded(
        function
            + " would make "
            + size
            + " characters, more than "
            + limit
            + " (stepwise.limits.expression-size).");
  }
}
