package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.execution.TestStates;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** TestState, translated to {@link TestStates}. */
@ApplicationScoped
public class TestStateActions implements ActionFamily {
  private final TestStates tests;

  public TestStateActions(TestStates tests) {
    this.tests = tests;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of("TestState", Action.change(this::test));
  }

  private JsonNode test(Request r) {
    String level = r.optionalString("inspectionLevel").orElse("INFO");
    TestStates.Outcome o =
        tests.test(r.caller(), r.string("definition"), r.optionalString("input").orElse(null));
    ObjectNode out = Json.object();
    if (o.status().equals("FAILED")) {
      if (o.error() != null) out.put("error", o.error());
      if (o.cause() != null) out.put("cause", o.cause());
    } else {
      if (o.output() != null) out.put("output", Json.write(o.output()));
      if (o.nextState() != null) out.put("nextState", o.nextState());
    }
    out.put("status", o.status());
    if (!level.equals("INFO")) {
      ObjectNode data = out.putObject("inspectionData");
      data.put("input", Json.write(o.input()));
      if (o.output() != null) data.put("afterResultPath", Json.write(o.output()));
    }
    return out;
  }
}
