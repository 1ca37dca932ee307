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

  static String page(String title, String body, Caller caller) {
    String who =
        caller != null && caller.signedIn()
            ? "<span id=\"who\">"
                + escape(caller.name())
                + "</span> · <a href=\"/security/keys\">access keys</a>"
                + (caller.isAdmin() ? " · <a href=\"/security/audit\">audit log</a>" : "")
                + " · <form method=\"post\" action=\"/auth/logout\" class=\"sign-out\">"
                + "<button class=\"link\" id=\"logout\">sign out</button></form>"
            : "<a id=\"login\" href=\"/auth/login\">sign in</a>";
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + " · Stepwise</title><meta name=\"csrf-token\" content=\""
        + escape(CsrfToken.current())
        + "\"><link rel=\"stylesheet\" href=\"/stepwise/app.css\">"
        + "<script src=\"/stepwise/forms.js\"></script></head><body>"
        + "<header><a href=\"/state-machines\">Stepwise</a> <nav>"
        + who
        + "</nav></header><main><h1>"
        + escape(title)
        + "</h1>"
        + body
        + "</main></body></html>";
  }
}
