package io.stepwise.engine.dataflow.intrinsic;

import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.BASE64_DECODE;
import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.BASE64_ENCODE;
import static io.stepwise.engine.dataflow.intrinsic.IntrinsicFunction.HASH;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/** States.Base64Encode, States.Base64Decode and States.Hash, over the UTF-8 bytes of strings. */
final class EncodingFunctions {
  /** AWS: each of these takes "a data string of up to 10,000 characters". */
  static final int MAX_INPUT_CHARACTERS = 10_000;

  /** The algorithm names AWS accepts, spelled exactly so; each is also a JDK digest name. */
  static final Set<String> HASH_ALGORITHMS =
      Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

  private EncodingFunctions() {}

  static JsonNode base64Encode(JsonNode input) {
    String text = limited(BASE64_ENCODE, Arguments.string(BASE64_ENCODE, 1, input));
    return Json.text(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
  }

  static JsonNode base64Decode(JsonNode input) {
    String text = limited(BASE64_DECODE, Arguments.string(BASE64_DECODE, 1, input));
    try {
      return Json.text(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw IntrinsicFailure.invalidArguments(
          BASE64_DECODE, "argument 1 is not valid Base64: " + e.getMessage());
    }
  }

  /** Lower-case hex digest (intrinsics/hash_0 to _4). */
  static JsonNode hash(JsonNode data, JsonNode algorithm) {
    String text = limited(HASH, Arguments.string(HASH, 1, data));
    String name = Arguments.string(HASH, 2, algorithm);
    if (!HASH_ALGORITHMS.contains(name)) {
      throw IntrinsicFailure.invalidArguments(
          HASH,
          "unknown hash algorithm '"
              + name
              + "'; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
    }
    try {
      byte[] digest = MessageDigest.getInstance(name).digest(text.getBytes(StandardCharsets.UTF_8));
      return Json.text(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides " + name, e);
    }
  }

  private static String limited(IntrinsicFunction function, String text) {
    if (text.length() > MAX_INPUT_CHARACTERS
        && text.codePointCount(0, text.length()) > MAX_INPUT_CHARACTERS) {
      throw IntrinsicFailure.invalidArguments(
          function,
          "argument 1 has "
              + text.codePointCount(0, text.length())
              + " characters but can have at most "
              + MAX_INPUT_CHARACTERS);
    }
    return text;
  }
}
