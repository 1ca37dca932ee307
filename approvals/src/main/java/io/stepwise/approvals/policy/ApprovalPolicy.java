package io.stepwise.approvals.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.approvals.InvalidApprovalParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How an approval decides (issue 22): how many must agree ({@link Quorum}, {@code RejectQuorum}),
 * whether the execution's starter is kept out, reminders, escalation, delegation and the form.
 * Every part is optional; {@link #DEFAULT} is one decider, no form, as before.
 *
 * @param rejectQuorum how many votes for a failing choice fail the task (1: at once)
 * @param reminders null when none
 * @param fields the form, null when none
 * @param requireFieldsFor the choices for which the form's {@code required} apply (empty: all)
 */
public record ApprovalPolicy(
    Quorum quorum,
    int rejectQuorum,
    boolean preventSelfApproval,
    Reminders reminders,
    List<Escalation> escalation,
    boolean allowDelegation,
    FormSchema fields,
    List<String> requireFieldsFor) {

  public static final ApprovalPolicy DEFAULT =
      new ApprovalPolicy(Quorum.ANY, 1, false, null, List.of(), false, null, List.of());

  /** The Parameters this record reads (beside the approval's own). */
  public static final Set<String> PARAMETERS =
      Set.of(
          "Quorum",
          "RejectQuorum",
          "PreventSelfApproval",
          "Reminders",
          "Escalation",
          "AllowDelegation",
          "Fields",
          "RequireFieldsFor");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_DECIDERS = 50;
  private static final int MAX_ESCALATIONS = 5;

  /** Mails the deciders who have not decided again, every so often, at most so many times. */
  public record Reminders(long everySeconds, int max) {}

  /** Adds deciders (mailed new links) when the approval still waits after so long. */
  public record Escalation(long afterSeconds, List<String> to, List<String> groups) {}

  /**
   * Reads the policy parameters.
   *
   * @param addressed how many addresses {@code To} names
   */
  public static ApprovalPolicy parse(JsonNode params, List<String> choices, int addressed) {
    Quorum quorum = Quorum.parse(params.get("Quorum"), addressed, MAX_DECIDERS);
    int rejectQuorum = 1;
    JsonNode reject = params.get("RejectQuorum");
    if (reject != null && !reject.isNull()) {
      if (!reject.isIntegralNumber() || reject.asLong() < 1 || reject.asLong() > MAX_DECIDERS) {
        throw new InvalidApprovalParameters(
            "RejectQuorum must be an integer from 1 to " + MAX_DECIDERS);
      }
      rejectQuorum = reject.asInt();
    }
    FormSchema fields = FormSchema.parse(params.get("Fields"));
    List<String> requireFor = new ArrayList<>();
    JsonNode rf = params.get("RequireFieldsFor");
    if (rf != null && !rf.isNull()) {
      if (fields == null) throw new InvalidApprovalParameters("RequireFieldsFor needs Fields");
      if (!rf.isArray()) throw new InvalidApprovalParameters("RequireFieldsFor must be a list");
      for (JsonNode c : rf) {
        if (!c.isTextual() || !choices.contains(c.asText())) {
          throw new InvalidApprovalParameters("RequireFieldsFor: " + c + " is not a choice");
        }
        requireFor.add(c.asText());
      }
    }
    return new ApprovalPolicy(
        quorum,
        rejectQuorum,
        bool(params, "PreventSelfApproval"),
        reminders(params.get("Reminders")),
        escalation(params.get("Escalation")),
        bool(params, "AllowDelegation"),
        fields,
        List.copyOf(requireFor));
  }

  /** A policy as stored with its approval. */
  public static ApprovalPolicy read(String json, List<String> choices, int addressed) {
    if (json == null || json.isBlank()) return DEFAULT;
    try {
      return parse(MAPPER.readTree(json), choices, addressed);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored approval policy is not JSON", e);
    }
  }

  /** Whether the form's required fields must be filled for this choice. */
  public boolean fieldsRequiredFor(String choice) {
    return requireFieldsFor.isEmpty() || requireFieldsFor.contains(choice);
  }

  /** The policy as the Parameters that give it (what is stored). */
  public String toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (quorum.kind() != Quorum.Kind.ANY) o.set("Quorum", quorum.toJson());
    if (rejectQuorum != 1) o.put("RejectQuorum", rejectQuorum);
    if (preventSelfApproval) o.put("PreventSelfApproval", true);
    if (reminders != null) {
      o.putObject("Reminders")
          .put("EverySeconds", reminders.everySeconds())
          .put("Max", reminders.max());
    }
    if (!escalation.isEmpty()) {
      ArrayNode steps = o.putArray("Escalation");
      for (Escalation e : escalation) {
        ObjectNode step = steps.addObject().put("AfterSeconds", e.afterSeconds());
        e.to().forEach(step.withArray("To")::add);
        e.groups().forEach(step.withArray("Groups")::add);
      }
    }
    if (allowDelegation) o.put("AllowDelegation", true);
    if (fields != null) o.set("Fields", fields.toJson());
    if (!requireFieldsFor.isEmpty()) {
      requireFieldsFor.forEach(o.withArray("RequireFieldsFor")::add);
    }
    return o.toString();
  }

  private static Reminders reminders(JsonNode node) {
    if (node == null || node.isNull()) return null;
    if (!node.isObject()) {
      throw new InvalidApprovalParameters("Reminders must be {\"EverySeconds\": n, \"Max\": m}");
    }
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("EverySeconds") && !key.equals("Max")) {
        throw new InvalidApprovalParameters("Reminders: unknown field '" + key + "'");
      }
    }
    JsonNode every = node.get("EverySeconds");
    if (every == null || !every.isIntegralNumber() || every.asLong() < 10) {
      throw new InvalidApprovalParameters(
          "Reminders.EverySeconds must be an integer of 10 or more");
    }
    JsonNode max = node.get("Max");
    int times = 3;
    if (max != null && !max.isNull()) {
      if (!max.isIntegralNumber() || max.asLong() < 1 || max.asLong() > 100) {
        throw new InvalidApprovalParameters("Reminders.Max must be an integer from 1 to 100");
      }
      times = max.asInt();
    }
    return new Reminders(every.asLong(), times);
  }

  private static List<Escalation> escalation(JsonNode node) {
    if (node == null || node.isNull()) return List.of();
    if (!node.isArray() || node.isEmpty() || node.size() > MAX_ESCALATIONS) {
      throw new InvalidApprovalParameters(
          "Escalation must be a list of 1 to " + MAX_ESCALATIONS + " steps");
    }
    List<Escalation> steps = new ArrayList<>();
    long previous = 0;
    for (int i = 0; i < node.size(); i++) {
      JsonNode step = node.get(i);
      String where = "Escalation[" + i + "]";
      if (!step.isObject()) throw new InvalidApprovalParameters(where + " must be an object");
      for (var it = step.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!Set.of("AfterSeconds", "To", "Groups").contains(key)) {
          throw new InvalidApprovalParameters(where + ": unknown field '" + key + "'");
        }
      }
      JsonNode after = step.get("AfterSeconds");
      if (after == null || !after.isIntegralNumber() || after.asLong() < 10) {
        throw new InvalidApprovalParameters(
            where + ".AfterSeconds must be an integer of 10 or more");
      }
      if (after.asLong() <= previous) {
        throw new InvalidApprovalParameters(where + ".AfterSeconds must grow from step to step");
      }
      previous = after.asLong();
      List<String> to = Addresses.list(step, "To", where + ".To", MAX_DECIDERS);
      List<String> groups = Addresses.strings(step, "Groups", where + ".Groups", MAX_DECIDERS);
      if (to.isEmpty() && groups.isEmpty()) {
        throw new InvalidApprovalParameters(where + " must add To addresses or Groups");
      }
      steps.add(new Escalation(after.asLong(), to, groups));
    }
    return List.copyOf(steps);
  }

  private static boolean bool(JsonNode root, String name) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) return false;
    if (!node.isBoolean()) throw new InvalidApprovalParameters(name + " must be true or false");
    return node.asBoolean();
  }
}
