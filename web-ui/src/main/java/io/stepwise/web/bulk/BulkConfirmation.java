package io.stepwise.web.bulk;

import java.util.List;
import java.util.Locale;

/**
 * The confirmation page of a bulk action.
 *
 * @param count how many executions it takes; -1 when more than {@link BulkSelection#MAX} match (the
 *     newest {@link BulkSelection#MAX} are taken)
 * @param names the picked executions' names (none for a whole search)
 */
public record BulkConfirmation(BulkAction action, BulkForm form, int count, List<String> names) {
  /** "Stop 12 executions?" */
  public String question() {
    return action.verb() + " " + amount() + "?";
  }

  /** "12 executions", "1 execution", "the newest 1,000 executions". */
  public String amount() {
    if (count < 0) {
      return "the newest " + String.format(Locale.ROOT, "%,d", BulkSelection.MAX) + " executions";
    }
    return String.format(Locale.ROOT, "%,d", count) + (count == 1 ? " execution" : " executions");
  }

  /** "Stop 12 executions" (the confirming button). */
  public String command() {
    return action.verb() + " " + amount();
  }

  public boolean moreThanTaken() {
    return count < 0;
  }

  public boolean nothing() {
    return count == 0;
  }

  public boolean export() {
    return action == BulkAction.EXPORT;
  }
}
