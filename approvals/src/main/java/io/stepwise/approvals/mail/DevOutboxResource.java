package io.stepwise.approvals.mail;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import io.stepwise.approvals.store.MailStatus;
import io.stepwise.approvals.store.OutboxStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The dev outbox: approval mails kept instead of sent while no SMTP server is configured, with
 * their working links. Absent (404) when mails really go out, since the links are credentials.
 */
@Path("/approvals/outbox")
@Blocking
public class DevOutboxResource {
  @Inject OutboxStore store;
  @Inject MailDelivery delivery;

  @Inject
  @Location("approvals/outbox.html")
  Template page;

  @GET
  @Produces(MediaType.TEXT_HTML)
  public String outbox() {
    if (!delivery.toDevOutbox()) throw new NotFoundException();
    return page.data(
            "mails",
            store.recentMails(100).stream()
                .filter(m -> m.status() == MailStatus.DEV_OUTBOX)
                .toList())
        .render();
  }
}
