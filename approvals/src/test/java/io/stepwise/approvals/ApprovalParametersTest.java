package io.stepwise.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.approvals.policy.ApprovalPolicy;
import io.stepwise.approvals.policy.FormField;
import io.stepwise.approvals.policy.FormSchema;
import io.stepwise.approvals.policy.Quorum;
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

  @Test
  void readsThePolicyAndStoresItAsTheParametersThatGaveIt() {
    ApprovalParameters p =
        parse(
            """
            {"To": ["a@x.io", "b@x.io", "c@x.io"], "Quorum": 2, "RejectQuorum": 2,
             "PreventSelfApproval": true, "AllowDelegation": true,
             "Reminders": {"EverySeconds": 10, "Max": 2},
             "Escalation": [{"AfterSeconds": 60, "To": ["boss@x.io"], "Groups": ["cfo"]}],
             "Fields": {"type": "object", "properties": {"amount": {"type": "number",
               "minimum": 0}}, "required": ["amount"]},
             "RequireFieldsFor": ["Approve"]}
            """);

    ApprovalPolicy policy = p.policy();
    assertThat(policy.quorum()).isEqualTo(new Quorum(Quorum.Kind.COUNT, 2));
    assertThat(policy.rejectQuorum()).isEqualTo(2);
    assertThat(policy.preventSelfApproval()).isTrue();
    assertThat(policy.allowDelegation()).isTrue();
    assertThat(policy.reminders()).isEqualTo(new ApprovalPolicy.Reminders(10, 2));
    assertThat(policy.escalation())
        .containsExactly(new ApprovalPolicy.Escalation(60, List.of("boss@x.io"), List.of("cfo")));
    assertThat(policy.fields().fields()).extracting(FormField::name).containsExactly("amount");
    assertThat(policy.fieldsRequiredFor("Approve")).isTrue();
    assertThat(policy.fieldsRequiredFor("Reject")).isFalse();
    assertThat(ApprovalPolicy.read(policy.toJson(), p.choices(), 3)).isEqualTo(policy);
    assertThat(parse("{\"To\": \"a@x.io\"}").policy()).isEqualTo(ApprovalPolicy.DEFAULT);
    assertThat(parse("{\"To\": \"a@x.io\", \"Quorum\": \"ALL\"}").policy().quorum().required(4))
        .isEqualTo(4);
  }

  @Test
  void refusesABadPolicyNamingTheParameter() {
    String to = "{\"To\": [\"a@x.io\"], ";
    assertInvalid(to + "\"Quorum\": 0}", "Quorum must be");
    assertInvalid(to + "\"Quorum\": \"MOST\"}", "Quorum must be");
    assertInvalid("{\"Groups\": [\"g\"], \"Quorum\": \"ALL\"}", "Quorum: \"ALL\" needs");
    assertInvalid(to + "\"Quorum\": 51}", "Quorum: 51");
    assertInvalid(to + "\"RejectQuorum\": -1}", "RejectQuorum must be");
    assertInvalid(to + "\"PreventSelfApproval\": 1}", "PreventSelfApproval must be true");
    assertInvalid(to + "\"Reminders\": {\"EverySeconds\": 9}}", "Reminders.EverySeconds");
    assertInvalid(to + "\"Reminders\": {\"EverySeconds\": 60, \"Max\": 0}}", "Reminders.Max");
    assertInvalid(to + "\"Reminders\": {\"Every\": 60}}", "Reminders: unknown field 'Every'");
    assertInvalid(to + "\"Escalation\": []}", "Escalation must be a list");
    assertInvalid(to + "\"Escalation\": [{\"AfterSeconds\": 60}]}", "Escalation[0] must add");
    assertInvalid(
        to + "\"Escalation\": [{\"AfterSeconds\": 60, \"To\": \"nope\"}]}",
        "Escalation[0].To: 'nope' is not an e-mail address");
    assertInvalid(
        to
            + "\"Escalation\": [{\"AfterSeconds\": 60, \"To\": \"b@x.io\"},"
            + " {\"AfterSeconds\": 30, \"To\": \"c@x.io\"}]}",
        "Escalation[1].AfterSeconds must grow");
    assertInvalid(to + "\"AllowDelegation\": \"yes\"}", "AllowDelegation must be true");
    assertInvalid(to + "\"Fields\": []}", "Fields: must be a JSON Schema object");
    assertInvalid(to + "\"Fields\": {\"type\": \"array\"}}", "Fields: type must be");
    assertInvalid(
        to + "\"Fields\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"object\"}}}}",
        "Fields: properties.a.type must be");
    assertInvalid(
        to
            + "\"Fields\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\","
            + " \"pattern\": \"x\"}}}}",
        "Fields: properties.a: 'pattern' is not supported");
    assertInvalid(
        to
            + "\"Fields\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"number\","
            + " \"minimum\": 5, \"maximum\": 1}}}}",
        "minimum is greater than maximum");
    assertInvalid(
        to
            + "\"Fields\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}},"
            + " \"required\": [\"b\"]}}",
        "Fields: required: \"b\" is not one of the properties");
    assertInvalid(to + "\"RequireFieldsFor\": [\"Approve\"]}", "RequireFieldsFor needs Fields");
    assertInvalid(
        to
            + "\"Fields\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}},"
            + " \"RequireFieldsFor\": [\"Maybe\"]}",
        "RequireFieldsFor: \"Maybe\" is not a choice");
  }

  @Test
  void aFormIsValidatedOnTheServer() {
    FormSchema form =
        parse(
                """
                {"To": "a@x.io", "Fields": {"type": "object", "properties": {
                  "n": {"type": "integer", "minimum": 1, "maximum": 3},
                  "s": {"type": "string", "enum": ["x", "y"]},
                  "b": {"type": "boolean"}}, "required": ["n"]}}
                """)
            .policy()
            .fields();

    FormSchema.Filled ok = form.fill(Map.of("n", "2", "s", "y", "b", "true"), true);
    assertThat(ok.valid()).isTrue();
    assertThat(ok.values().toString()).isEqualTo("{\"n\":2,\"s\":\"y\",\"b\":true}");
    assertThat(form.fill(Map.of("n", "4"), true).errors())
        .containsEntry("n", "n must be at most 3");
    assertThat(form.fill(Map.of("n", "1e999999999"), true).errors())
        .containsEntry("n", "n must be a number of at most 30 digits");
    assertThat(form.fill(Map.of("n", "x".repeat(50)), true).errors())
        .containsEntry("n", "n must be a number");
    assertThat(form.fill(Map.of("s", "z"), false).errors())
        .containsExactly(Map.entry("s", "s must be one of x, y"));
    assertThat(form.fill(Map.of(), true).errors()).containsEntry("n", "n is required");
    assertThat(form.fill(Map.of(), false).valid()).isTrue();
  }

  private static void assertInvalid(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(InvalidApprovalParameters.class)
        .hasMessageContaining(message);
  }
}
