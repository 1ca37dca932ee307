package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The body of one API call, with readers that refuse missing or mistyped members the way AWS's
 * request validation does (ValidationException naming the member).
 */
public record Request(String action, ObjectNode body) {

  /** A required string member. */
  public String string(String member) {
    return optionalString(member)
        .orElseThrow(
            () ->
                AwsError.validation(
                    "1 validation error detected: Value null at '"
                        + member
                        + "' failed to satisfy constraint: Member must not be null"));
  }

  /** A string member that may be absent. */
  public Optional<String> optionalString(String member) {
    JsonNode v = body.get(member);
    if (v == null || v.isNull()) return Optional.empty();
    if (!v.isTextual()) {
      throw new AwsError("SerializationException", "Member '" + member + "' must be a string");
    }
    String value = v.textValue();
    if (value.indexOf('\u0000') >= 0) {
      // PostgreSQL's text cannot hold U+0000: refused here, by name, not as a failed write later.
      throw AwsError.validation(
          "1 validation error detected: Value at '"
              + member
              + "' failed to satisfy constraint: Member must not contain the character U+0000");
    }
    return Optional.of(value);
  }

  /** A string member whose length AWS bounds. */
  public String string(String member, int maxLength) {
    String s = string(member);
    checkLength(member, s, maxLength);
    return s;
  }

  public Optional<String> optionalString(String member, int maxLength) {
    Optional<String> s = optionalString(member);
    s.ifPresent(v -> checkLength(member, v, maxLength));
    return s;
  }

  private static void checkLength(String member, String value, int maxLength) {
    if (value.length() > maxLength) {
      throw AwsError.validation(
          "1 validation error detected: Value at '"
              + member
              + "' failed to satisfy constraint: Member must have length less than or equal to "
              + maxLength);
    }
  }

  /** An integer member that may be absent. */
  public Optional<Integer> optionalInt(String member) {
    JsonNode v = body.get(member);
    if (v == null || v.isNull()) return Optional.empty();
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new AwsError("SerializationException", "Member '" + member + "' must be an integer");
    }
    return Optional.of(v.intValue());
  }

  public boolean bool(String member) {
    JsonNode v = body.get(member);
    if (v == null || v.isNull()) return false;
    if (!v.isBoolean()) {
      throw new AwsError("SerializationException", "Member '" + member + "' must be a boolean");
    }
    return v.booleanValue();
  }

  /** AWS's maxResults: 0 or absent means the default, otherwise 1 to 1000. */
  public int maxResults(int defaultValue) {
    int n = optionalInt("maxResults").orElse(0);
    if (n < 0 || n > 1000) {
      throw AwsError.validation(
          "1 validation error detected: Value '"
              + n
              + "' at 'maxResults' failed to satisfy constraint: Member must have value less than"
              + " or equal to 1000");
    }
    return n == 0 ? defaultValue : n;
  }

  public JsonNode node(String member) {
    JsonNode v = body.get(member);
    return v == null || v.isNull() ? null : v;
  }
}
