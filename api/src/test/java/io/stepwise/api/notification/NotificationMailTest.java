package io.stepwise.api.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.JsonApi;
import io.stepwise.api.Sfn;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.security.LocalProfile;
import io.stepwise.engine.json.Json;
import io.stepwise.server.clock.ServerClock;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Mails about notifications, through GreenMail: a subscription failing for a day (on a clock the
 * test moves forward) is marked and its owner mailed once, and a success clears the mark; an e-mail
 * subscription that gets more than {@code digest-after} (3 here) events in a window sends the rest
 * as one digest mail, every event exactly once.
 */
@QuarkusTest
@TestProfile(NotificationProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class NotificationMailTest {
  private static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
  private static final Pattern EVENT_ID =
      Pattern.compile("\"detail-type\":\"Step Functions Execution Status Change\"");

  private static NotificationTargets targets;
  private static Receiver receiver;

  @Inject Subscriptions subscriptions;
  @Inject FailingSubscriptions failing;
  @Inject ServerClock clock;
  @Inject Database db;

  private final JsonApi admin = new JsonApi(LocalProfile.adminKey());

  @BeforeAll
  static void listen() {
    targets = NotificationTargets.start();
    receiver = targets.receiver;
  }

  @AfterAll
  static void stop() {
    targets.close();
  }

  /** An editor of team "ops" whose identity provider verified their address. */
  private static Caller owner(String email) {
    return new Caller(
        "owner-" + email, Caller.Kind.OIDC, EnumSet.of(Role.ADMIN), Set.of(), "127.0.0.1", email);
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    NotificationTargets.await(what, Duration.ofSeconds(40), done);
  }

  private static List<MimeMessage> mailsTo(String address) {
    return targets.mailsTo(address);
  }

  /** The decoded text (GreenMail's raw body keeps the transfer encoding's soft line breaks). */
  private static String text(MimeMessage m) {
    try {
      Object content = m.getContent();
      if (content instanceof String s) return s;
      if (content instanceof jakarta.mail.Multipart multi) {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < multi.getCount(); i++) {
          Object part = multi.getBodyPart(i).getContent();
          if (part instanceof String s) all.append(s);
        }
        return all.toString();
      }
      return String.valueOf(content);
    } catch (MessagingException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String machinePattern(String machine) {
    return "{\"detail\":{\"stateMachineArn\":[\"" + machine + "\"]}}";
  }

  private boolean failingMarked(String id) {
    return admin.get("/api/v1/subscriptions/" + id).json().get("failing").asBoolean();
  }

  @Test
  void aSubscriptionFailingForADayIsMarkedAndItsOwnerMailedOnce() throws Exception {
    SfnClient sfn = LocalProfile.adminClient();
    String machine = Sfn.createMachine(sfn, PASS);
    String path = "/" + Sfn.unique("down");
    receiver.failFirst(path, 1_000_000);
    String ownerAddress = Sfn.unique("owner") + "@example.com";
    Subscription s =
        subscriptions
            .create(
                owner(ownerAddress),
                new Subscriptions.Spec(
                    "down for a day",
                    Json.parse(machinePattern(machine)),
                    "http://127.0.0.1:" + NotificationProfile.RECEIVER_PORT + path,
                    null))
            .subscription();
    String execution = sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn();
    Sfn.awaitEnd(sfn, execution, Duration.ofSeconds(10));
    await("failed attempts", () -> receiver.at(path).size() >= 2);
    await(
        "the failing spell recorded",
        () -> admin.get("/api/v1/subscriptions/" + s.id()).json().has("failingSince"));
    assertThat(failingMarked(s.id())).isFalse();
    // Not a day yet: nobody is told.
    assertThat(failing.markAndMail()).isZero();
    assertThat(mailsTo(ownerAddress)).isEmpty();

    try {
      clock.use(() -> Instant.now().plus(Duration.ofHours(25)));
      await("the owner's mail", () -> !mailsTo(ownerAddress).isEmpty());
      assertThat(failingMarked(s.id())).isTrue();
      assertThat(
              admin
                  .get("/api/v1/subscriptions")
                  .json()
                  .get("subscriptions")
                  .findValues("id")
                  .stream()
                  .filter(id -> id.asText().equals(s.id())))
          .hasSize(1);
      MimeMessage mail = mailsTo(ownerAddress).getFirst();
      assertThat(subject(mail)).contains("down for a day").contains("has failed for a day");
      assertThat(text(mail)).contains(s.id()).contains("HTTP 500");
      // Later rounds, on this server or another, do not mail again.
      assertThat(failing.markAndMail()).isZero();
      Thread.sleep(6_000); // more than one round of the background check
      assertThat(mailsTo(ownerAddress)).hasSize(1);

      // A success ends the spell and its mark.
      receiver.failFirst(path, 0);
      await("the delivery went through", () -> !failingMarked(s.id()));
      assertThat(
              db.query(
                      "SELECT failing_since IS NULL AND failing_mailed_at IS NULL"
                          + " FROM notification_subscriptions WHERE id = $1",
                      s.id())
                  .iterator()
                  .next()
                  .getBoolean(0))
          .isTrue();
    } finally {
      clock.use(InstantSource.system());
    }
  }

  @Test
  void moreEventsThanTheLimitInAWindowGoOutAsOneDigest() throws Exception {
    SfnClient sfn = LocalProfile.adminClient();
    String machine = Sfn.createMachine(sfn, PASS);
    String address = Sfn.unique("burst") + "@example.com";
    Subscription s =
        subscriptions
            .create(
                owner("editor@example.com"),
                new Subscriptions.Spec(
                    "burst", Json.parse(machinePattern(machine)), null, List.of(address)))
            .subscription();
    List<String> executions = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      executions.add(sfn.startExecution(r -> r.stateMachineArn(machine)).executionArn());
    }
    for (String e : executions) Sfn.awaitEnd(sfn, e, Duration.ofSeconds(10));
    int events = 2 * executions.size(); // RUNNING and SUCCEEDED each
    await(
        "every event mailed",
        () -> mailsTo(address).stream().mapToInt(m -> count(EVENT_ID, text(m))).sum() >= events);
    List<MimeMessage> mails = mailsTo(address);
    List<MimeMessage> digests =
        mails.stream()
            .filter(m -> subject(m).matches("\\[Stepwise\\] \\d+ status changes .*"))
            .toList();
    assertThat(digests).as("digest mails").isNotEmpty();
    assertThat(mails.size()).as("mails for %d events", events).isLessThan(events);
    Set<String> eventIds = new HashSet<>();
    int mentioned = 0;
    for (MimeMessage m : mails) {
      Matcher ids = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(text(m));
      while (ids.find()) {
        eventIds.add(ids.group(1));
        mentioned++;
      }
    }
    assertThat(mentioned).as("events mailed, repeats included").isEqualTo(events);
    assertThat(eventIds).hasSize(events);
    String digest = text(digests.getFirst());
    assertThat(digest).contains("SUCCEEDED").contains(machine.replace("stateMachine", "execution"));
    JsonApi.Answer log = admin.get("/api/v1/subscriptions/" + s.id() + "/deliveries");
    assertThat(log.json().get("deliveries").findValuesAsText("state"))
        .hasSize(events)
        .containsOnly("DELIVERED");
  }

  private static int count(Pattern p, String text) {
    Matcher m = p.matcher(text);
    int n = 0;
    while (m.find()) n++;
    return n;
  }
}
