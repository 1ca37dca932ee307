package io.stepwise.web.approval;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The header's "Approvals": the inbox of the approvals module, which the server assembles beside
 * this one ({@code /approvals/inbox}; this module does not depend on it).
 */
@Path("/approvals")
public class ApprovalsResource {
  @GET
  public Response list() {
    return Response.seeOther(URI.create("/approvals/inbox")).build();
  }
}
