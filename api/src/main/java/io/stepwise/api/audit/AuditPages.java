package io.stepwise.api.audit;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/**
 * The audit log's page, a Qute template under {@code templates/audit/} that renders inside web-ui's
 * {@code layout.html} (the app's header and navigation, Qute's escaping of every value).
 */
@CheckedTemplate(basePath = "audit")
final class AuditPages {
  private AuditPages() {}

  /**
   * The audit page; {@code newestQuery}/{@code olderQuery} are the links' query strings (encoded),
   * or null when there is no such page.
   */
  static native TemplateInstance audit(
      AuditLog.Filter filter, List<AuditLog.Entry> entries, String newestQuery, String olderQuery);
}
