package io.stepwise.approvals.policy;

import java.math.BigDecimal;
import java.util.List;

/**
 * One property of a {@code Fields} schema: what the decider fills in.
 *
 * @param type {@code string}, {@code number}, {@code integer} or {@code boolean}
 * @param options the {@code enum} values (strings as written), empty for free input
 * @param date whether a string is a {@code format: date} (ISO yyyy-mm-dd)
 * @param maxLength the longest string accepted
 */
public record FormField(
    String name,
    String type,
    String title,
    String description,
    List<String> options,
    BigDecimal minimum,
    BigDecimal maximum,
    int maxLength,
    boolean date,
    boolean required) {

  /** The label people read: the title, else the property's name. */
  public String label() {
    return title == null || title.isBlank() ? name : title;
  }

  public boolean numeric() {
    return type.equals("number") || type.equals("integer");
  }

  public boolean checkbox() {
    return type.equals("boolean");
  }

  public boolean select() {
    return !options.isEmpty();
  }
}
