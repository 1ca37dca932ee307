package io.stepwise.approvals.decision;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.common.annotation.Blocking;
import io.stepwise.approvals.link.LinkSigner;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.AuditStore;
import io.stepwise.approvals.store.OutboxMail;
import io.stepwise.approvals.store.OutboxStore;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The approvals inbox: pending approvals the signed-in user may decide, with their choices (a POST
 * with a CSRF token decides, as a link would), other pending approvals with the state of their
 * mails, and decided or ended ones with who, when and the comment. {@code ?execution=ARN} shows one
 * execution's approvals. The server narrows what is listed to what the caller may see.
 */
@Path(InboxDecisions.PATH)
@Blocking
public class InboxResource {
  static final String CSRF_COOKIE = "stepwise_inbox_csrf";

  @Inject ApprovalStore store;
  @Inject OutboxStore outbox;
  @Inject AuditStore audits;
  @Inject InboxDecisions decisions;
  @Inject ConfirmPages pages;
  @Inject LinkSigner signer;

  @Inject
  @Location("approvals/inbox.html")
  Template inbox;

  @Inject
  @Location("approvals/decide.html")
  Template result;

  /**
   * One approval as a row of the inbox; {@code csrf} is set when the viewer may decide it; {@code
   * howToDecide} says who was asked and how they decide (and, to a signed-in user who cannot, that
   * they are not one of them).
   */
  @TemplateData
  public record Row(
      ApprovalRecord approval,
      String executionName,
      String executionLink,
      String created,
      String expires,
      String decidedAt,
      List<OutboxMail> mails,
      List<AuditEntry> audit,
      String csrf,
      String howToDecide,
      List<FieldView> form,
      List<String> votes,
      String quorum,
      String waiting) {}

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response inbox(
      @QueryParam("execution") String executionArn,
      @CookieParam(CSRF_COOKIE) String cookie,
      @Context SecurityContext security,
      @Context HttpServerRequest request) {
    Actor actor = Actor.of(security, request);
    String nonce = cookie == null || cookie.length() < 16 ? DecisionResource.newNonce() : cookie;
    List<ApprovalRecord> all =
        executionArn == null || executionArn.isBlank()
            ? store.approvals(null, 200)
            : store.approvalsOfExecution(executionArn);
    Map<Boolean, List<ApprovalRecord>> pending =
        all.stream()
            .filter(a -> a.status() == ApprovalStatus.PENDING)
            .collect(Collectors.partitioningBy(a -> decisions.offered(a, actor)));
    List<Row> yours =
        pending.get(true).stream().map(a -> row(a, csrf(a.id(), actor, nonce), actor)).toList();
    List<Row> others = pending.get(false).stream().map(a -> row(a, null, actor)).toList();
    List<Row> done =
        all.stream()
            .filter(a -> a.status() != ApprovalStatus.PENDING)
            .map(a -> row(a, null, actor))
            .toList();
    String html =
        inbox
            .data("yours", yours)
            .data("pending", others)
            .data("done", done)
            .data("execution", executionArn)
            .data("executionName", executionArn == null ? null : executionName(executionArn))
            .data("viewer", actor.user())
            .render();
    return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .cookie(csrfCookie(nonce, request))
        .header("Cache-Control", "no-store")
        .header("X-Frame-Options", "DENY")
        .build();
  }

  /**
   * Decides one approval from the inbox: {@code choice}, optional {@code comment}, {@code csrf}.
   */
  @POST
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Response decide(
      @PathParam("id") String id,
      @CookieParam(CSRF_COOKIE) String cookie,
      @Context SecurityContext security,
      @Context HttpServerRequest request,
      MultivaluedMap<String, String> form) {
    Posted p = Posted.of(id, Actor.of(security, request), cookie, form, signer);
    if (p == null) return render(pages.bare(DecisionOutcome.UNKNOWN));
    ConfirmPage view =
        decisions.decide(
            p.approvalId(),
            form.getFirst("choice"),
            p.csrfValid(),
            form.getFirst("comment"),
            FieldView.posted(form),
            p.actor());
    if (view.confirm() && p.csrfValid()) {
      view = view.withCsrf(csrf(p.approvalId(), p.actor(), cookie));
    }
    return render(view);
  }

  /** Hands the user's part of one approval to another address ({@code to}, {@code csrf}). */
  @POST
  @Path("{id}/delegate")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Response delegate(
      @PathParam("id") String id,
      @CookieParam(CSRF_COOKIE) String cookie,
      @Context SecurityContext security,
      @Context HttpServerRequest request,
      MultivaluedMap<String, String> form) {
    Posted p = Posted.of(id, Actor.of(security, request), cookie, form, signer);
    if (p == null) return render(pages.bare(DecisionOutcome.UNKNOWN));
    return render(
        decisions.delegate(p.approvalId(), p.csrfValid(), form.getFirst("to"), p.actor()));
  }

  /**
   * A form posted from the inbox: the approval it names, who posts it, and whether its CSRF token
   * is the one this user's browser was given for that approval.
   */
  private record Posted(UUID approvalId, Actor actor, boolean csrfValid) {
    /** Null when the path names no approval (not a UUID). */
    static Posted of(
        String id,
        Actor actor,
        String cookie,
        MultivaluedMap<String, String> form,
        LinkSigner signer) {
      UUID approvalId;
      try {
        approvalId = UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        return null;
      }
      boolean csrfValid =
          actor.signedIn()
              && signer.csrfMatches(csrfSubject(approvalId, actor), cookie, form.getFirst("csrf"));
      return new Posted(approvalId, actor, csrfValid);
    }
  }

  private Response render(ConfirmPage view) {
    return Response.status(view.outcome().httpStatus())
        .entity(result.data("page", view).render())
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header("Cache-Control", "no-store")
        .header("X-Frame-Options", "DENY")
        .build();
  }

  /** A form's CSRF token: bound to the approval, the user and the browser's random cookie. */
  private String csrf(UUID approvalId, Actor actor, String nonce) {
    return signer.csrfToken(csrfSubject(approvalId, actor), nonce);
  }

  private static String csrfSubject(UUID approvalId, Actor actor) {
    return "inbox|" + approvalId + "|" + actor.user();
  }

  private static NewCookie csrfCookie(String nonce, HttpServerRequest request) {
    return new NewCookie.Builder(CSRF_COOKIE)
        .value(nonce)
        .path(InboxDecisions.PATH)
        .httpOnly(true)
        .sameSite(NewCookie.SameSite.STRICT)
        .secure(request != null && request.isSSL())
        .build();
  }

  private Row row(ApprovalRecord a, String csrf, Actor actor) {
    return new Row(
        a,
        executionName(a.executionArn()),
        pages.executionLink(a.executionArn()),
        ConfirmPages.when(a.createdAt()),
        ConfirmPages.when(a.expiresAt()),
        ConfirmPages.when(a.decidedAt()),
        outbox.mails(a.id()),
        audits.audit(a.id()),
        csrf,
        howToDecide(a, actor),
        FieldView.of(a.policy(), a.id().toString(), Map.of(), Map.of()),
        pages.votes(a),
        ConfirmPages.quorum(a),
        pages.waiting(a));
  }

  /** An execution's name: the last part of its ARN. */
  static String executionName(String executionArn) {
    return executionArn.substring(executionArn.lastIndexOf(':') + 1);
  }

  /** Who was asked to decide and how they decide; to anyone else, that they are not asked. */
  static String howToDecide(ApprovalRecord a, Actor actor) {
    List<String> ways = new java.util.ArrayList<>();
    if (!a.recipients().isEmpty()) {
      ways.add(
          String.join(", ", a.recipients())
              + (a.requireSignIn()
                  ? " with the link in their mail (after signing in), or here when signed in"
                  : " with the link in their mail, or here when signed in"));
    }
    if (!a.groups().isEmpty()) {
      ways.add("members of " + String.join(", ", a.groups()) + " here when signed in");
    }
    String asked = "Asked: " + String.join("; ", ways) + ".";
    if (!actor.signedIn()) return asked + " Sign in to decide here if you are one of them.";
    if (actor.mayDecide(a)) return asked;
    return asked
        + " You ("
        + actor.user()
        + ") are not one of them: only they can decide, whatever your role.";
  }
}
