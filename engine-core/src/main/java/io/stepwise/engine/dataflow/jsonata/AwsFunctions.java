package io.stepwise.engine.dataflow.jsonata;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The functions AWS Step Functions adds to JSONata ({@code $partition}, {@code $range}, {@code
 * $hash}, {@code $random}, {@code $uuid}, {@code $parse}), plus {@code $now} and {@code $millis}
 * bound to the step's time so that evaluation never reads the clock, and the library's {@code $pad}
 * done in linear time.
 */
final class AwsFunctions {
  private static final Set<String> HASH_ALGORITHMS =
      Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AwsFunctions() {}

  /** Binds the functions into a frame, using the scope's randomness and time. */
  static void bind(Jsonata.Frame frame, DataScope scope) {
    frame.bind("partition", function((input, args) -> partition(args)));
    frame.bind("range", function((input, args) -> range(args, scope.budget().size())));
    frame.bind("hash", function((input, args) -> hash(args)));
    frame.bind("random", function((input, args) -> random(args, scope)));
    frame.bind("uuid", function((input, args) -> uuid(scope)));
    frame.bind("parse", function((input, args) -> parse(args)));
    BoundedBuiltIns.bind(frame, scope.budget().size());
    frame.bind(
        "pad",
        new Jsonata.JFunction((input, args) -> pad(args, scope.budget().size()), "<s-ns?:s>"));
    if (scope.now() != null) {
      String now = ISO_MILLIS.format(scope.now());
      long millis = scope.now().toEpochMilli();
      frame.bind("now", function((input, args) -> now));
      frame.bind("millis", function((input, args) -> millis));
    }
  }

  private static Jsonata.JFunction function(Jsonata.JFunctionCallable body) {
    return new Jsonata.JFunction(body, null);
  }

  /**
   * {@code $pad(string, width, char)} as the library computes it (a positive width pads on the
   * right, a negative one on the left, to that many characters, repeating {@code char}, a space by
   * default), in time proportional to the width: the library builds the padding by repeated
   * concatenation, quadratic in the width, and one call is never interrupted by the time budget. A
   * width past the size budget is refused before anything is built.
   */
  static String pad(List<?> args, int limit) {
    String text = (String) arg(args, 0);
    if (text == null) return null;
    double width = number(arg(args, 1), "$pad");
    if (Math.abs(width) > limit) {
      throw new EvaluationGuard.Exceeded(
          "$pad would make "
              + String.format("%.0f", Math.abs(width))
              + " characters, more than "
              + limit
              + " (stepwise.limits.expression-size).");
    }
    String padding = arg(args, 2) instanceof String given && !given.isEmpty() ? given : " ";
    int missing = Math.abs(integer(width, "$pad")) - text.codePointCount(0, text.length());
    if (missing <= 0) return text;
    String repeated = padding.repeat(missing / padding.codePointCount(0, padding.length()) + 1);
    String fill = repeated.substring(0, repeated.offsetByCodePoints(0, missing));
    return width < 0 ? fill + text : text + fill;
  }

  /** {@code $partition(array, size)}: consecutive chunks of at most size elements. */
  static List<Object> partition(List<?> args) {
    List<?> array = asList(arg(args, 0));
    int size = integer(arg(args, 1), "$partition");
    if (size < 1) throw new JException("D3001", -1, "$partition chunk size must be positive");
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i += size) {
      out.add(new ArrayList<>(array.subList(i, Math.min(array.size(), i + size))));
    }
    return out;
  }

  /**
   * {@code $range(start, end, step)}: start, start+step, ... up to end inclusive. A single value
   * comes back alone, as JSONata sequences do (jsonata/array_range_2). A range of more than {@code
   * limit} items is refused before any is made.
   */
  static Object range(List<?> args, int limit) {
    double start = number(arg(args, 0), "$range");
    double end = number(arg(args, 1), "$range");
    double step = args.size() > 2 && arg(args, 2) != null ? number(arg(args, 2), "$range") : 1;
    if (step == 0) throw new JException("D3001", -1, "$range step must not be zero");
    double count = Math.floor((end - start) / step) + 1;
    if (count > limit) {
      throw new EvaluationGuard.Exceeded(
          "$range would make "
              + String.format("%.0f", count)
              + " items, more than "
              + limit
              + " (stepwise.limits.expression-size).");
    }
    List<Object> out = new ArrayList<>();
    for (double v = start; step > 0 ? v <= end : v >= end; v += step) out.add(v);
    return out.size() == 1 ? out.getFirst() : out;
  }

  /** {@code $hash(data, algorithm)}: the hex digest of the UTF-8 text. */
  static String hash(List<?> args) {
    Object data = arg(args, 0);
    Object algorithm = args.size() > 1 ? arg(args, 1) : "SHA-256";
    if (!(data instanceof String text) || !(algorithm instanceof String name)) {
      throw new JException("T0410", -1, "$hash expects a string and an algorithm name");
    }
    if (!HASH_ALGORITHMS.contains(name)) {
      throw new JException("D3001", -1, "Unsupported hash algorithm " + name);
    }
    try {
      byte[] digest = MessageDigest.getInstance(name).digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code $random([seed])}: a number in [0, 1); with a seed always the same one. */
  static double random(List<?> args, DataScope scope) {
    Object seed = args.isEmpty() ? null : arg(args, 0);
    if (seed == null) return scope.random().nextDouble();
    return new SplittableRandom(seed.hashCode()).nextDouble();
  }

  /** {@code $uuid()}: a version 4 UUID from the execution's seeded randomness. */
  static String uuid(DataScope scope) {
    long most = (scope.random().nextLong() & ~0xF000L) | 0x4000L;
    long least = (scope.random().nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(most, least).toString();
  }

  /** {@code $parse(text)}: the JSON value the text holds. */
  static Object parse(List<?> args) {
    if (!(arg(args, 0) instanceof String text)) {
      throw new JException("T0410", -1, "$parse expects a string");
    }
    try {
      return JsonataValues.toJava(Json.parse(text));
    } catch (JsonProcessingException e) {
      throw new JException("D3001", -1, "$parse could not parse the JSON string");
    }
  }

  private static Object arg(List<?> args, int i) {
    Object v = i < args.size() ? args.get(i) : null;
    return v == Jsonata.NULL_VALUE ? null : v;
  }

  private static List<?> asList(Object value) {
    if (value instanceof List<?> l) return l;
    return value == null ? List.of() : List.of(value);
  }

  private static double number(Object value, String function) {
    if (value instanceof Number n) return n.doubleValue();
    throw new JException("T0410", -1, function + " expects numbers");
  }

  private static int integer(Object value, String function) {
    double d = number(value, function);
    if (d != Math.rint(d)) throw new JException("T0410", -1, function + " expects an integer");
    return (int) d;
  }
}
