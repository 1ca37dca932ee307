package io.stepwise.api.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineService;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 23's search on PostgreSQL: by error name, by a text in the cause (LIKE's wildcards taken
 * literally), by a JSON value the input or output contains, keyset-paged; a value that is not JSON
 * or is too long is a clear ValidationException naming the field, never a server error.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ExecutionSearchTest {
  /** Fails when the input says so, with the input's reason as the cause; else echoes the input. */
  private static final String ORDERS =
      """
      {"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Default": "Done",
          "Choices": [{"Variable": "$.bad", "IsPresent": true, "Next": "Broke"}]},
        "Done": {"Type": "Pass", "Result": {"shipped": true}, "ResultPath": "$.result", "End": true},
        "Broke": {"Type": "Fail", "Error": "Order.Broken", "CausePath": "$.bad"}}}
      """;

  @Inject StateMachineService machines;
  @Inject ExecutionService executions;

  private String machine;

  @BeforeEach
  void orders() {
    machine = machines.create(Sfn.unique("search"), ORDERS, StateMachineType.STANDARD).arn();
    executions.start(
        machine, "a17", "{\"orderId\":\"A-17\",\"lines\":[{\"sku\":\"x\"},{\"sku\":\"y\"}]}");
    executions.start(machine, "a18", "{\"orderId\":\"A-18\"}");
    executions.start(machine, "b1", "{\"orderId\":\"B-1\",\"bad\":\"Stock is 100% gone\"}");
    executions.start(machine, "b2", "{\"orderId\":\"B-2\",\"bad\":\"Stock is 10 gone\"}");
    executions.start(machine, "b3", "{\"orderId\":\"B-3\",\"bad\":\"address_unknown\"}");
  }

  private List<String> names(ExecutionQuery q) {
    return executions.list(q).items().stream().map(ExecutionSummary::name).sorted().toList();
  }

  private ExecutionQuery search(String error, String cause, String input, String output) {
    return new ExecutionQuery(machine, null, null, null, null, 50, null)
        .searching(error, cause, input, output);
  }

  @Test
  void findsByErrorCauseInputAndOutput() {
    assertThat(names(search("Order.Broken", null, null, null))).containsExactly("b1", "b2", "b3");
    assertThat(names(search("Order", null, null, null))).isEmpty();
    // Any case; % and _ are letters here, not LIKE's wildcards.
    assertThat(names(search(null, "100% GONE", null, null))).containsExactly("b1");
    assertThat(names(search(null, "is 10", null, null))).containsExactly("b1", "b2");
    assertThat(names(search(null, "s_u", null, null))).containsExactly("b3");
    assertThat(names(search(null, "address_", null, null))).containsExactly("b3");
    assertThat(names(search(null, null, "{\"orderId\":\"A-17\"}", null))).containsExactly("a17");
    assertThat(names(search(null, null, "{\"lines\":[{\"sku\":\"y\"}]}", null)))
        .containsExactly("a17");
    assertThat(names(search(null, null, "{\"orderId\":\"A\"}", null))).isEmpty();
    assertThat(names(search(null, null, null, "{\"result\":{\"shipped\":true}}")))
        .containsExactly("a17", "a18");
    assertThat(names(search("Order.Broken", null, "{\"orderId\":\"B-2\"}", null)))
        .containsExactly("b2");
  }

  @Test
  void pagesByKeyThroughASearch() {
    ExecutionQuery q = search("Order.Broken", null, null, null).page(2, null);
    List<String> seen = new ArrayList<>();
    Page<ExecutionSummary> page = executions.list(q);
    seen.addAll(page.items().stream().map(ExecutionSummary::name).toList());
    assertThat(page.nextToken()).isNotNull();
    page = executions.list(q.page(2, page.nextToken()));
    seen.addAll(page.items().stream().map(ExecutionSummary::name).toList());
    assertThat(page.nextToken()).isNull();
    assertThat(seen).containsExactly("b3", "b2", "b1");
  }

  @Test
  void badSearchesAreRefusedWithALineNamingTheField() {
    assertThatThrownBy(() -> executions.list(search(null, null, "{\"orderId\":", null)))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("The input to search for is not JSON")
        .hasMessageContaining("line 1")
        .extracting(e -> ((ServiceException) e).code())
        .isEqualTo("ValidationException");
    assertThatThrownBy(() -> executions.list(search(null, null, null, "nope")))
        .hasMessageContaining("The output to search for is not JSON");
    assertThatThrownBy(() -> executions.list(search(null, "x".repeat(5000), null, null)))
        .hasMessageContaining("'cause'")
        .hasMessageContaining("4096");
    // What PostgreSQL cannot hold is a line, not a failed query.
    assertThatThrownBy(() -> executions.list(search(null, "a\u0000b", null, null)))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("may not contain U+0000");
    assertThatThrownBy(() -> executions.list(search(null, null, "{\"c\":\"a\\u0000b\"}", null)))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("\\u0000 or an escaped surrogate");
  }

  /** An input jsonb cannot hold (a \u0000 in a string) starts, and is left out of searches. */
  @Test
  void anInputJsonbCannotHoldStartsAndIsNotFound() {
    executions.start(machine, "nul", "{\"orderId\":\"A-17\",\"note\":\"a\\u0000b\"}");
    assertThat(names(search(null, null, "{\"orderId\":\"A-17\"}", null))).containsExactly("a17");
  }
}
