package io.stepwise.web.execution;

import java.util.Objects;

/**
 * One note on the execution page (see {@link ExecutionNotes}). The page escapes every text.
 *
 * @param kind a CSS-friendly name of what kind of note it is (e.g. {@code approval-pending})
 * @param text what the note says
 * @param linkText the link's text, or null for no link
 * @param link a path on this server ({@code /...}), or null
 */
public record ExecutionNote(String kind, String text, String linkText, String link) {
  public ExecutionNote {
    Objects.requireNonNull(text, "text");
    if (kind == null || !kind.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("a note's kind is lower-case letters, digits, '-'");
    }
    // Only this server's paths: never a script URL or another site.
    if (link != null && (!link.startsWith("/") || link.startsWith("//"))) {
      throw new IllegalArgumentException("a note links to a path on this server: " + link);
    }
  }
}
