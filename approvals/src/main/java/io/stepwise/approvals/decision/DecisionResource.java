package io.stepwise.approvals.decision;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import io.stepwise.approvals.link.LinkSigner;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The target of mailed links. GET shows the request and the choice with a confirm button and
 * changes nothing (mail scanners open links); POST, with the CSRF token of that page, decides.
 */
@Path("/approvals/decide/{ref}")
@Blocking
public class DecisionResource {
  static final String CSRF_COOKIE = "stepwise_approval_csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject DecisionService decisions;
  @Inject LinkSigner signer;

  @Inject
  @Location("approvals/decide.html")
  Template page;

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response show(
      @PathParam("ref") String ref,
      @CookieParam(CSRF_COOKIE) String cookie,
      @Context SecurityContext security,
      @Context HttpServerRequest request) {
    ConfirmPage view = decisions.view(ref, Actor.of(security, request));
    Response.ResponseBuilder response = Response.status(view.outcome().httpStatus());
    if (view.confirm()) {
      // Double-submit: the form's token is bound to a random cookie another site cannot read.
      String nonce = cookie == null || cookie.length() < 16 ? newNonce() : cookie;
      view = view.withCsrf(signer.csrfToken(ref, nonce));
      response.cookie(
          new NewCookie.Builder(CSRF_COOKIE)
              .value(nonce)
              .path("/approvals/decide")
              .httpOnly(true)
              .sameSite(NewCookie.SameSite.STRICT)
              .secure(request.isSSL())
              .build());
    }
    return render(response, view);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Response confirm(
      @PathParam("ref") String ref,
      @CookieParam(CSRF_COOKIE) String cookie,
      @Context SecurityContext security,
      @Context HttpServerRequest request,
      MultivaluedMap<String, String> form) {
    boolean csrfValid = signer.csrfMatches(ref, cookie, form.getFirst("csrf"));
    ConfirmPage view =
        decisions.decide(
            ref,
            csrfValid,
            form.getFirst("comment"),
            FieldView.posted(form),
            Actor.of(security, request));
    if (view.confirm() && csrfValid) {
      // The form comes back with its errors: same browser, same cookie, a token for it again.
      view = view.withCsrf(signer.csrfToken(ref, cookie));
    }
    return render(Response.status(view.outcome().httpStatus()), view);
  }

  /** Hands this link's decision to another address ({@code to}), when the approval allows it. */
  @POST
  @Path("delegate")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Response delegate(
      @PathParam("ref") String ref,
      @CookieParam(CSRF_COOKIE) String cookie,
      @Context SecurityContext security,
      @Context HttpServerRequest request,
      MultivaluedMap<String, String> form) {
    boolean csrfValid = signer.csrfMatches(ref, cookie, form.getFirst("csrf"));
    ConfirmPage view =
        decisions.delegate(ref, csrfValid, form.getFirst("to"), Actor.of(security, request));
    return render(Response.status(view.outcome().httpStatus()), view);
  }

  private Response render(Response.ResponseBuilder response, ConfirmPage view) {
    return response
        .entity(page.data("page", view).render())
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        // Links are credentials: keep them out of caches and out of Referer headers.
        .header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer")
        .header("X-Frame-Options", "DENY")
        .build();
  }

  /** The path of a link's page. */
  static String path(String ref) {
    return "/approvals/decide/" + ref;
  }

  static String newNonce() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
