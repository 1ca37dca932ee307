package io.stepwise.approvals.decision;

import io.quarkus.qute.TemplateData;
import io.stepwise.approvals.policy.ApprovalPolicy;
import io.stepwise.approvals.policy.FormField;
import io.stepwise.approvals.policy.FormSchema;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One form field as a page renders it: the schema's field, a page-unique id for its label, the
 * value last posted (shown again when the form had errors) and what is wrong with it.
 *
 * @param input the form parameter it posts as ({@code field.<name>}, apart from the page's own)
 * @param requiredFor the choices a required field is required for, or null for all
 */
@TemplateData
public record FieldView(
    FormField field, String id, String input, String value, String error, String requiredFor) {
  static final String PREFIX = "field.";

  /** A copy showing this error. */
  FieldView withError(String problem) {
    return new FieldView(field, id, input, value, problem, requiredFor);
  }

  public boolean checked() {
    return "true".equals(value) || "on".equals(value);
  }

  public boolean hasError() {
    return error != null;
  }

  /** The ids of what describes the input (its description and its error), for aria. */
  public String describedBy() {
    String d = field.description() == null ? "" : id + "-help";
    String e = error == null ? "" : id + "-error";
    return (d + " " + e).strip();
  }

  /** The HTML input type of a free field. */
  public String inputType() {
    if (field.date()) return "date";
    if (field.numeric()) return "number";
    return "text";
  }

  /** The step of a number input: whole numbers for integers. */
  public String step() {
    return field.type().equals("integer") ? "1" : "any";
  }

  /** The form fields of a posted page form: {@code field.<name>} → first value. */
  static Map<String, String> posted(MultivaluedMap<String, String> form) {
    Map<String, String> fields = new HashMap<>();
    form.forEach(
        (name, values) -> {
          if (name.startsWith(PREFIX) && !values.isEmpty()) {
            fields.put(name.substring(PREFIX.length()), values.get(0));
          }
        });
    return fields;
  }

  /** A form's fields with what was posted and what was wrong; {@code scope} keeps ids unique. */
  static List<FieldView> of(
      ApprovalPolicy policy, String scope, Map<String, String> posted, Map<String, String> errors) {
    FormSchema schema = policy.fields();
    if (schema == null) return List.of();
    String requiredFor =
        policy.requireFieldsFor().isEmpty() ? null : String.join(", ", policy.requireFieldsFor());
    return schema.fields().stream()
        .map(
            f ->
                new FieldView(
                    f,
                    "field-" + scope + "-" + f.name(),
                    PREFIX + f.name(),
                    posted.get(f.name()),
                    errors.get(f.name()),
                    requiredFor))
        .toList();
  }
}
