package io.stepwise.approvals;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.engine.json.Json;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forms (Fields): valid input typed in the output and the vote, invalid input deciding nothing and
 * named escaped, fields required only for some choices.
 */
@QuarkusTest
class FormPolicyTest extends ApprovalPolicyFixture {
  private static final String FORM =
      "\"Fields\": {\"type\": \"object\", \"properties\": {"
          + "\"amount\": {\"type\": \"number\", \"title\": \"Amount <EUR>\", \"minimum\": 0,"
          + " \"maximum\": 1000},"
          + "\"costCentre\": {\"type\": \"string\", \"enum\": [\"ops\", \"sales\"]},"
          + "\"due\": {\"type\": \"string\", \"format\": \"date\"},"
          + "\"note\": {\"type\": \"string\", \"maxLength\": 20, \"description\": \"Short\"},"
          + "\"urgent\": {\"type\": \"boolean\"},"
          + "\"count\": {\"type\": \"integer\"}},"
          + " \"required\": [\"amount\", \"costCentre\"]},"
          + " \"RequireFieldsFor\": [\"Approve\"]";

  @Test
  void anInvalidFormDecidesNothingAndSaysWhatIsWrongWithTheInputEscaped() {
    Task task = dispatch(1, FORM);
    String url = link(task.to().getFirst(), "Approve");

    Response page = given().redirects().follow(false).get(url);
    assertThat(page.asString())
        .contains("<label for=\"field-c-amount\">Amount &lt;EUR&gt;")
        .contains("type=\"date\"")
        .contains("aria-describedby=\"field-c-note-help\"");

    Map<String, String> bad = new HashMap<>();
    bad.put("field.amount", "1001");
    bad.put("field.costCentre", "<script>alert(1)</script>");
    bad.put("field.due", "31/12/2026");
    bad.put("field.note", "\"><img src=x onerror=alert(1)>");
    bad.put("field.count", "1.5");
    Response refused = vote(url, bad);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(outcome(refused)).isEqualTo("INVALID_FIELDS");
    assertThat(refused.asString())
        .contains("Amount &lt;EUR&gt; must be at most 1000")
        .contains("costCentre must be one of ops, sales")
        .contains("due must be a date (yyyy-mm-dd)")
        .contains("note may be at most 20 characters long")
        .contains("count must be a whole number")
        .contains("aria-invalid=\"true\"")
        .contains("id=\"confirm-form\"")
        .doesNotContain("<script>alert(1)")
        .doesNotContain("<img src=x")
        .contains("value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"");
    assertThat(tokens.calls(task.token())).isEmpty();
    assertThat(approval(task).status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(voteStore.votes(approval(task).id())).isEmpty();

    // Required fields left out for the choice that requires them: refused too.
    Response missing = vote(url, Map.of());
    assertThat(outcome(missing)).isEqualTo("INVALID_FIELDS");
    assertThat(missing.asString()).contains("Amount &lt;EUR&gt; is required");
  }

  @Test
  void aValidFormIsReturnedTypedInTheOutputAndInTheVote() {
    Task task = dispatch(1, FORM);
    Map<String, String> good = new HashMap<>();
    good.put("field.amount", "12.50");
    good.put("field.costCentre", "ops");
    good.put("field.due", "2026-12-31");
    good.put("field.urgent", "true");
    good.put("field.count", "3");

    Response done = vote(link(task.to().getFirst(), "Approve"), good);

    assertThat(outcome(done)).isEqualTo("DECIDED");
    JsonNode output = Json.parseTrusted(tokens.calls(task.token()).getFirst().output());
    JsonNode fields = output.get("fields");
    assertThat(fields.get("amount").decimalValue()).isEqualByComparingTo("12.50");
    assertThat(fields.get("costCentre").asText()).isEqualTo("ops");
    assertThat(fields.get("due").asText()).isEqualTo("2026-12-31");
    assertThat(fields.get("urgent").asBoolean()).isTrue();
    assertThat(fields.get("count").isIntegralNumber()).isTrue();
    assertThat(fields.has("note")).isFalse();
    assertThat(output.get("votes").get(0).get("fields")).isEqualTo(fields);
  }

  @Test
  void aChoiceThatDoesNotRequireTheFieldsDecidesWithoutThem() {
    Task task = dispatch(1, FORM);

    Response done = vote(link(task.to().getFirst(), "Reject"));

    assertThat(outcome(done)).isEqualTo("DECIDED");
    JsonNode cause = Json.parseTrusted(tokens.calls(task.token()).getFirst().cause());
    assertThat(cause.get("fields").get("urgent").asBoolean()).isFalse();
  }
}
