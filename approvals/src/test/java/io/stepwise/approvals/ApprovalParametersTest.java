package io.stepwise.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalParametersTest {
  private static final Duration WEEK = Duration.ofDays(7);

  private static ApprovalParameters parse(String json) {
    return ApprovalParameters.parse(json, "Approve order", null, WEEK);
  }

  @Test
  void defaultsToApproveOrRejectWithRejectFailingTheTask() {
    ApprovalParameters p = parse("{\"To\": [\"a@example.com\"]}");

    assertThat(p.choices()).containsExactly("Approve", "Reject");
    assertThat(p.failOn()).isEqualTo(Map.of("Reject", "Approval.Rejected"));
    assertThat(p.errorFor("Approve")).isNull();
    assertThat(p.subject()).isEqualTo("Approval needed: Approve order");
    assertThat(p.message()).isEmpty();
    assertThat(p.expiresIn()).isEqualTo(WEEK);
    assertThat(p.allowComment()).isFalse();
    assertThat(p.requireSignIn()).isFalse();
  }

  @Test
  void readsEveryParameter() {
    ApprovalParameters p =
        parse(
            """
            {"To": ["a@example.com", "b@example.com"], "Groups": ["finance"],
             "Subject": "Pay?", "Message": "Invoice 42", "Choices": ["Pay", "Hold", "Refuse"],
             "AllowComment": true, "ExpiresInSeconds": 3600, "RequireSignIn": true,
             "FailOn": {"Refuse": "Payment.Refused", "Hold": "Payment.Held"}}
            """);

    assertThat(p.to()).containsExactly("a@example.com", "b@example.com");
    assertThat(p.groups()).containsExactly("finance");
    assertThat(p.subject()).isEqualTo("Pay?");
    assertThat(p.message()).isEqualTo("Invoice 42");
    assertThat(p.choices()).containsExactly("Pay", "Hold", "Refuse");
    assertThat(p.allowComment()).isTrue();
    assertThat(p.requireSignIn()).isTrue();
    assertThat(p.expiresIn()).isEqualTo(Duration.ofHours(1));
    assertThat(p.errorFor("Refuse")).isEqualTo("Payment.Refused");
    assertThat(p.errorFor("Pay")).isNull();
  }

  @Test
  void anEmptyFailOnMakesEveryChoiceSucceed() {
    assertThat(parse("{\"To\": \"a@example.com\", \"FailOn\": {}}").failOn()).isEmpty();
  }

  @Test
  void aCommaSeparatedToIsSplitAndDuplicatesDropped() {
    assertThat(parse("{\"To\": \"a@example.com, b@example.com,a@example.com\"}").to())
        .isEqualTo(List.of("a@example.com", "b@example.com"));
  }

  @Test
  void groupsAloneAreEnough() {
    assertThat(parse("{\"Groups\": \"approvers\"}").groups()).containsExactly("approvers");
  }

  @Test
  void expiryFallsBackToTheStatesTimeout() {
    ApprovalParameters p = ApprovalParameters.parse("{\"To\": \"a@x.io\"}", "S", 120, WEEK);

    assertThat(p.expiresIn()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void aMessageThatIsNotAStringIsShownAsJson() {
    assertThat(parse("{\"To\": \"a@x.io\", \"Message\": {\"amount\": 5}}").message())
        .isEqualTo("{\"amount\":5}");
  }

  @Test
  void refusesWhatCannotBeAnApproval() {
    assertInvalid("[]", "must be an object");
    assertInvalid("not json", "not JSON");
    assertInvalid("{}", "To or Groups");
    assertInvalid("{\"To\": [\"not-an-address\"]}", "not an e-mail address");
    assertInvalid("{\"To\": [\"a@x.io\"], \"Choices\": []}", "Choices must not be empty");
    assertInvalid("{\"To\": [\"a@x.io\"], \"Choices\": [\"A\", \"A\"]}", "distinct");
    assertInvalid("{\"To\": [\"a@x.io\"], \"Choices\": [1]}", "non-empty strings");
    assertInvalid("{\"To\": [\"a@x.io\"], \"ExpiresInSeconds\": 0}", "positive integer");
    assertInvalid("{\"To\": [\"a@x.io\"], \"ExpiresInSeconds\": 1.5}", "positive integer");
    assertInvalid("{\"To\": [\"a@x.io\"], \"AllowComment\": \"yes\"}", "true or false");
    assertInvalid("{\"To\": [\"a@x.io\"], \"FailOn\": {\"Maybe\": \"E\"}}", "not a choice");
    assertInvalid("{\"To\": [\"a@x.io\"], \"FailOn\": {\"Reject\": 3}}", "non-empty string");
    assertInvalid("{\"To\": [\"a@x.io\"], \"Cc\": [\"b@x.io\"]}", "unknown parameter 'Cc'");
  }

  private static void assertInvalid(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(InvalidApprovalParameters.class)
        .hasMessageContaining(message);
  }
}
