package io.stepwise.api.security;

import io.stepwise.web.page.CsrfToken;

/** The security pages' small HTML: a layout and escaping (no template engine needed here). */
final class Html {
  private Html() {}

  static String escape(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * A page in the app's look: the same header and navigation as web-ui's {@code layout.html} (skip
   * link, Executions, State machines, Approvals, the signed-in user's access keys and, for an
   * admin, the audit log), so the security pages are pages of the app with a way back into it.
   */
  static String page(String title, String body, Caller caller) {
    boolean signedIn = caller != null && caller.signedIn();
    String who =
        signedIn
            ? "<span id=\"who\">"
                + escape(caller.name())
                + "</span> <form method=\"post\" action=\"/auth/logout\" class=\"sign-out\">"
                + "<button class=\"link\" id=\"logout\">Sign out</button></form>"
            : "<a id=\"login\" href=\"/auth/login\">Sign in</a>";
    String nav =
        "<a href=\"/executions\">Executions</a><a href=\"/state-machines\">State machines</a>"
            + "<a href=\"/approvals\">Approvals</a>"
            + (signedIn ? "<a id=\"nav-keys\" href=\"/security/keys\">Access keys</a>" : "")
            + (signedIn && caller.isAdmin()
                ? "<a id=\"nav-audit\" href=\"/security/audit\">Audit log</a>"
                : "");
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
        + escape(title)
        + " · Stepwise</title><meta name=\"csrf-token\" content=\""
        + escape(CsrfToken.current())
        + "\"><link rel=\"stylesheet\" href=\"/stepwise/app.css\">"
        + "<script src=\"/stepwise/forms.js\"></script></head><body>"
        + "<a class=\"skip-link\" href=\"#main\">Skip to content</a>"
        + "<header class=\"top\"><a class=\"brand\" href=\"/executions\">Stepwise</a>"
        + "<nav aria-label=\"Main\">"
        + nav
        + "</nav><span class=\"who\">"
        + who
        + "</span></header><main id=\"main\" tabindex=\"-1\"><h1>"
        + escape(title)
        + "</h1>"
        + body
        + "</main></body></html>";
  }
}
