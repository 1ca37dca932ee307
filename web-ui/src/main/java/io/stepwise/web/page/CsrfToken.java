package io.stepwise.web.page;

import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;

/**
 * The current page request's CSRF token, which the server's guard computes for the browser's
 * session and checks on every request that changes something. Pages carry it in a {@code <meta
 * name="csrf-token">} (the layout's); {@code /stepwise/forms.js} adds it to htmx requests as the
 * {@value #HEADER} header and to plain form posts as the {@value #FIELD} field. This module only
 * passes it on: it knows no security classes.
 */
public final class CsrfToken {
  /** The request property the server's guard puts the token in. */
  public static final String PROPERTY = "stepwise.csrf-token";

  /** The header htmx requests carry it in. */
  public static final String HEADER = "X-CSRF-Token";

  /** The form field plain form posts carry it in. */
  public static final String FIELD = "_csrf";

  private CsrfToken() {}

  /** The token of the request being served, or empty (security off, or outside a request). */
  public static String current() {
    var request = CurrentRequestManager.get();
    return request != null && request.getProperty(PROPERTY) instanceof String token ? token : "";
  }
}
