package io.stepwise.approvals.decision;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.common.annotation.Blocking;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.OutboxMail;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The approvals inbox: pending approvals with the state of their mails, and decided or ended ones
 * with who, when and the comment. Until sign-in exists it lists every approval (nobody can be told
 * apart); then it narrows to those the user may decide.
 */
@Path("/approvals/inbox")
@Blocking
public class InboxResource {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  @Inject ApprovalStore store;
  @Inject DecisionService decisions;

  @Inject
  @Location("approvals/inbox.html")
  Template page;

  /** One approval as a row of the inbox. */
  @TemplateData
  public record Row(
      ApprovalRecord approval,
      String executionLink,
      String created,
      String expires,
      String decidedAt,
      List<OutboxMail> mails,
      List<AuditEntry> audit) {}

  @GET
  @Produces(MediaType.TEXT_HTML)
  public String inbox(@QueryParam("execution") String executionArn) {
    List<ApprovalRecord> all =
        executionArn == null || executionArn.isBlank()
            ? store.approvals(null, 200)
            : store.approvalsOfExecution(executionArn);
    List<Row> pending =
        all.stream().filter(a -> a.status() == ApprovalStatus.PENDING).map(this::row).toList();
    List<Row> done =
        all.stream().filter(a -> a.status() != ApprovalStatus.PENDING).map(this::row).toList();
    return page.data("pending", pending)
        .data("done", done)
        .data("execution", executionArn)
        .render();
  }

  private Row row(ApprovalRecord a) {
    return new Row(
        a,
        decisions.executionLink(a.executionArn()),
        format(a.createdAt()),
        format(a.expiresAt()),
        format(a.decidedAt()),
        store.mails(a.id()),
        store.audit(a.id()));
  }

  private static String format(Instant at) {
    return at == null ? "" : WHEN.format(at);
  }
}
