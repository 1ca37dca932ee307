package io.stepwise.approvals.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.approvals.InvalidApprovalParameters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Reads lists of addresses and names from Parameters: a JSON list, or one comma-separated string.
 */
public final class Addresses {
  private Addresses() {}

  /** Distinct e-mail addresses; {@code where} names the parameter in errors. */
  public static List<String> list(JsonNode root, String name, String where, int max) {
    List<String> addresses = strings(root, name, where, max);
    for (String address : addresses) {
      if (!valid(address)) {
        throw new InvalidApprovalParameters(where + ": '" + address + "' is not an e-mail address");
      }
    }
    return addresses;
  }

  /** Whether a text is one plain mail address (no display name, no list). */
  public static boolean valid(String address) {
    return address != null && address.matches("[^@\\s<>\",;]+@[^@\\s<>\",;]+");
  }

  /** Distinct non-empty strings. */
  public static List<String> strings(JsonNode root, String name, String where, int max) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) return List.of();
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      // A comma-separated string is accepted too: it is what a template often produces.
      for (String part : node.asText().split(",")) {
        if (!part.isBlank()) values.add(part.strip());
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        if (!item.isTextual() || item.asText().isBlank()) {
          throw new InvalidApprovalParameters(where + " must hold non-empty strings");
        }
        values.add(item.asText().strip());
      }
    } else {
      throw new InvalidApprovalParameters(where + " must be a string or a list of strings");
    }
    if (values.size() > max) {
      throw new InvalidApprovalParameters(where + " may hold at most " + max + " entries");
    }
    return List.copyOf(new LinkedHashSet<>(values));
  }
}
