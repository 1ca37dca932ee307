package io.stepwise.api.authentication;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.Collection;
import java.util.List;

/**
 * The sign-in pages (sign-in, sign-out, access keys, refusals), as Qute templates under {@code
 * templates/security/} that render inside web-ui's {@code layout.html}: the app's header and
 * navigation, its CSRF meta tag, and Qute's escaping of every value.
 */
@CheckedTemplate(basePath = "security")
final class SecurityPages {
  private SecurityPages() {}

  /** One row of the access keys table, its values as shown. */
  record KeyRow(
      String id,
      String owner,
      String roles,
      String description,
      String created,
      String lastUsed,
      boolean active,
      String revokedAt) {}

  /** A page with one line: a refusal, or what happened. */
  static native TemplateInstance notice(String title, String id, String text);

  static native TemplateInstance signIn(String next, String user, String error);

  static native TemplateInstance signOut();

  static native TemplateInstance signedOut();

  static native TemplateInstance keys(
      String callerName, Collection<String> teams, List<String> roles, List<KeyRow> keys);

  static native TemplateInstance keyCreated(String keyId, String secret);

  /** The page that refuses a request, with the reason as its one line. */
  static String notAllowed(String reason) {
    return notice("Not allowed", "not-allowed", reason).render();
  }
}
