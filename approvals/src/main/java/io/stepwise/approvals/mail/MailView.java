package io.stepwise.approvals.mail;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * What an approval mail shows: the request and one link per choice; {@code note} says first why a
 * later mail comes (a reminder, an escalation), null for the request itself.
 */
@TemplateData
public record MailView(
    String subject,
    String message,
    String executionArn,
    String stateName,
    String recipient,
    String expires,
    boolean allowComment,
    List<ChoiceLink> links,
    String note) {

  /** One choice and the URL of its confirm page. */
  @TemplateData
  public record ChoiceLink(String choice, String url) {}
}
