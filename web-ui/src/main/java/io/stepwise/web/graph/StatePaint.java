package io.stepwise.web.graph;

/**
 * How one state is drawn for an execution.
 *
 * @param status a CSS class naming what happened to the state ({@code st-succeeded}, ...)
 * @param note a short note under the name, e.g. Map iteration counts, or empty
 */
public record StatePaint(String status, String note) {
  /** A state drawn with no execution to colour it. */
  public static final StatePaint PLAIN = new StatePaint("st-plain", "");

  /** A state of an execution that did not reach it. */
  public static final StatePaint NOT_REACHED = new StatePaint("st-not-reached", "");

  /** What happened, in words ("caught", "not reached"), or empty with no execution. */
  public String words() {
    return this.status.equals(PLAIN.status)
        ? ""
        : this.status.replaceFirst("^st-", "").replace('-', ' ');
  }

  /**
   * A sign drawn before the type, so the status does not rest on colour alone (WCAG 1.4.1); the
   * legend explains them.
   */
  public String glyph() {
    return switch (status) {
      case "st-running" -> "▶ ";
      case "st-succeeded" -> "✓ ";
      case "st-failed" -> "✗ ";
      case "st-caught" -> "⚠ ";
      case "st-cancelled" -> "⊘ ";
      case "st-added" -> "+ ";
      case "st-removed" -> "− ";
      case "st-changed" -> "~ ";
      default -> "";
    };
  }
}
