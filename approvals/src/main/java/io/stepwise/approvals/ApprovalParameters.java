package io.stepwise.approvals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.approvals.policy.Addresses;
import io.stepwise.approvals.policy.ApprovalPolicy;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Parameters of an approval task, already evaluated by the engine ({@code .$} paths and JSONata
 * resolved): who may decide, what they read, which choices they have and which of those fail the
 * task.
 *
 * @param to addresses mailed one link per choice
 * @param groups SSO groups or roles whose members may decide (checked once sign-in exists)
 * @param failOn choice → error name for choices that fail the task instead of succeeding it
 * @param expiresIn how long links stay good; when up, the task fails with {@code Approval.Expired}
 * @param policy quorum, self-approval, reminders, escalation, delegation and form (issue 22)
 */
public record ApprovalParameters(
    List<String> to,
    List<String> groups,
    String subject,
    String message,
    List<String> choices,
    boolean allowComment,
    Duration expiresIn,
    boolean requireSignIn,
    Map<String, String> failOn,
    ApprovalPolicy policy) {

  /** Error name a rejected approval fails with unless {@code FailOn} says otherwise. */
  public static final String REJECTED = "Approval.Rejected";

  private static final Set<String> KNOWN =
      Stream.concat(
              ApprovalPolicy.PARAMETERS.stream(),
              Stream.of(
                  "To",
                  "Groups",
                  "Subject",
                  "Message",
                  "Choices",
                  "AllowComment",
                  "ExpiresInSeconds",
                  "RequireSignIn",
                  "FailOn"))
          .collect(Collectors.toUnmodifiableSet());
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_CHOICES = 10;
  private static final int MAX_RECIPIENTS = 50;

  /**
   * Reads the task's effective input.
   *
   * @param timeoutSeconds the state's TimeoutSeconds, the expiry when none is given
   * @param defaultExpiry the expiry when neither is given
   * @throws InvalidApprovalParameters with a message for the execution's history
   */
  public static ApprovalParameters parse(
      String input, String stateName, Integer timeoutSeconds, Duration defaultExpiry) {
    JsonNode root;
    try {
      root = MAPPER.readTree(input == null || input.isBlank() ? "{}" : input);
    } catch (JsonProcessingException e) {
      throw new InvalidApprovalParameters("the Parameters are not JSON");
    }
    if (!root.isObject()) throw new InvalidApprovalParameters("the Parameters must be an object");
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KNOWN.contains(name)) {
        throw new InvalidApprovalParameters(
            "unknown parameter '" + name + "'; known are " + String.join(", ", sorted(KNOWN)));
      }
    }
    List<String> to = Addresses.list(root, "To", "To", MAX_RECIPIENTS);
    List<String> groups = Addresses.strings(root, "Groups", "Groups", MAX_RECIPIENTS);
    if (to.isEmpty() && groups.isEmpty()) {
      throw new InvalidApprovalParameters("To or Groups must name at least one approver");
    }
    List<String> choices = Addresses.strings(root, "Choices", "Choices", MAX_CHOICES);
    if (root.path("Choices").isArray() && choices.size() != root.get("Choices").size()) {
      throw new InvalidApprovalParameters("Choices must be distinct");
    }
    if (!root.has("Choices")) choices = List.of("Approve", "Reject");
    if (choices.isEmpty()) throw new InvalidApprovalParameters("Choices must not be empty");
    Map<String, String> failOn = failOn(root, choices);
    String subject = text(root, "Subject");
    if (subject == null || subject.isBlank()) subject = "Approval needed: " + stateName;
    String message = text(root, "Message");
    Duration expiresIn = expiry(root, timeoutSeconds, defaultExpiry);
    ApprovalPolicy policy = ApprovalPolicy.parse(root, choices, to.size());
    return new ApprovalParameters(
        to,
        groups,
        subject.strip(),
        message == null ? "" : message,
        choices,
        bool(root, "AllowComment"),
        expiresIn,
        bool(root, "RequireSignIn"),
        failOn,
        policy);
  }

  /** The error name the choice fails the task with, or null when it succeeds the task. */
  public String errorFor(String choice) {
    return failOn.get(choice);
  }

  private static Map<String, String> failOn(JsonNode root, List<String> choices) {
    JsonNode node = root.get("FailOn");
    Map<String, String> failOn = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      if (choices.contains("Reject")) failOn.put("Reject", REJECTED);
      return Map.copyOf(failOn);
    }
    if (!node.isObject()) {
      throw new InvalidApprovalParameters("FailOn must be an object of choice to error name");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!choices.contains(entry.getKey())) {
        throw new InvalidApprovalParameters("FailOn: '" + entry.getKey() + "' is not a choice");
      }
      if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
        throw new InvalidApprovalParameters(
            "FailOn: the error for '" + entry.getKey() + "' must be a non-empty string");
      }
      failOn.put(entry.getKey(), entry.getValue().asText());
    }
    return Map.copyOf(failOn);
  }

  private static Duration expiry(JsonNode root, Integer timeoutSeconds, Duration defaultExpiry) {
    JsonNode node = root.get("ExpiresInSeconds");
    if (node == null || node.isNull()) {
      return timeoutSeconds != null ? Duration.ofSeconds(timeoutSeconds) : defaultExpiry;
    }
    if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() <= 0) {
      throw new InvalidApprovalParameters("ExpiresInSeconds must be a positive integer");
    }
    return Duration.ofSeconds(node.asLong());
  }

  private static String text(JsonNode root, String name) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) return null;
    // A message built from data may be an object; show it as JSON rather than refuse it.
    return node.isTextual() ? node.asText() : node.toString();
  }

  private static boolean bool(JsonNode root, String name) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) return false;
    if (!node.isBoolean()) throw new InvalidApprovalParameters(name + " must be true or false");
    return node.asBoolean();
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
