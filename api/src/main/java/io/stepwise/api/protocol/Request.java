package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.service.Validation;
import java.util.Optional;

/**
 * One API call: the action, its body, who calls, and what the endpoint's audit entry will name. Its
 * readers refuse missing or mistyped members the way AWS's request validation does
 * (ValidationException naming the member); members an action does not read play no part.
 */
public final class Request {
  private final String action;
  private final ObjectNode body;
  private final Caller caller;
  private String audited;
  private String detail = "";

  public Request(String action, ObjectNode body, Caller caller) {
    this.action = action;
    this.body = body;
    this.caller = caller;
  }

  public String action() {
    return action;
  }

  public ObjectNode body() {
    return body;
  }

  /** Who calls: the services authorize against this caller. */
  public Caller caller() {
    return caller;
  }

  /** The resource the audit entry names (the first one given stays): the action's own resource. */
  public void audits(String resource) {
    if (audited == null) audited = resource;
  }

  String audited() {
    return audited;
  }

  /** A note for the audit entry (a new resource's team, an approval answered through the API). */
  public void auditDetail(String note) {
    detail = note == null ? "" : note;
  }

  String detail() {
    return detail;
  }

  /** A required string member. */
  public String string(String member) {
    return optionalString(member).orElseThrow(() -> Validation.missing(member));
  }

  /** A required member naming the resource the action acts on: what the audit names. */
  public String resource(String member) {
    String arn = string(member);
    audits(arn);
    return arn;
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
      throw Validation.failed(
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
    if (value.length() > maxLength) throw Validation.tooLong(member, maxLength);
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
  /**
   * A list action's {@code nextToken}: null on the first page. Its length constraint is the
   * action's (1,024 characters; 3,096 for executions and Map Runs).
   */
  public String nextToken(int maxLength) {
    return optionalString("nextToken", maxLength).orElse(null);
  }

  public int maxResults(int defaultValue) {
    int n = optionalInt("maxResults").orElse(0);
    if (n < 0 || n > 1000) {
      throw Validation.failed(
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
