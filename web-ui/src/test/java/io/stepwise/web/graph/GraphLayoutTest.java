package io.stepwise.web.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphLayoutTest {
  static final String PARALLEL_AND_MAP =
      """
      {"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "Fan"}],
                  "Default": "Nope"},
        "Nope": {"Type": "Fail", "Error": "No"},
        "Fan": {"Type": "Parallel", "Next": "Each",
                "Branches": [
                  {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
                  {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Nope"}]},
        "Each": {"Type": "Map", "End": true, "ItemsPath": "$.items",
                 "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}}}}
      """;

  private static FlowGraph flow(String json) throws Exception {
    return FlowGraphBuilder.of(DefinitionParser.parse(Json.parse(json)).graph());
  }

  @Test
  void everyTransitionBecomesAnEdgeAndInnerScopesNestInTheirState() throws Exception {
    FlowGraph graph = flow(PARALLEL_AND_MAP);
    FlowGraph.Node fan =
        graph.nodes().stream().filter(n -> "Fan".equals(n.stateName())).findFirst().orElseThrow();
    assertThat(fan.inner()).hasSize(2);
    assertThat(graph.edges())
        .extracting(FlowGraph.Edge::kind)
        .contains(FlowGraph.EdgeKind.CHOICE, FlowGraph.EdgeKind.DEFAULT, FlowGraph.EdgeKind.CATCH);
    // start → Check, Check → Fan, Check → Nope, Nope → end, Fan → Each, Fan ⇢ Nope, Each → end
    assertThat(graph.edges()).hasSize(7);
  }

  @Test
  void innerStatesAreDrawnInsideTheirContainer() throws Exception {
    GraphDrawing drawing = GraphLayout.layout(flow(PARALLEL_AND_MAP));
    GraphDrawing.Box fan = box(drawing, "Fan");
    for (String inner : List.of("A", "B")) {
      GraphDrawing.Box b = box(drawing, inner);
      assertThat(b.x()).isGreaterThan(fan.x());
      assertThat(b.y()).isGreaterThan(fan.y());
      assertThat(b.x() + b.width()).isLessThan(fan.x() + fan.width());
      assertThat(b.y() + b.height()).isLessThan(fan.y() + fan.height());
    }
    assertThat(box(drawing, "Item").kind()).isEqualTo(GraphDrawing.BoxKind.STATE);
    assertThat(box(drawing, "Each").kind()).isEqualTo(GraphDrawing.BoxKind.CONTAINER);
    assertThat(drawing.lines()).allSatisfy(l -> assertThat(l.path()).matches("M [-0-9. L]+"));
  }

  @Test
  void aHundredAndFiftyStatesLayOutWithoutOverlaps() throws Exception {
    StringBuilder states = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      if (i > 0) states.append(',');
      states
          .append("\"S")
          .append(i)
          .append("\": {\"Type\": \"Pass\", ")
          .append(i == 149 ? "\"End\": true}" : "\"Next\": \"S" + (i + 1) + "\"}");
    }
    GraphDrawing drawing =
        GraphLayout.layout(flow("{\"StartAt\": \"S0\", \"States\": {" + states + "}}"));
    List<GraphDrawing.Box> boxes =
        drawing.boxes().stream().filter(b -> b.kind() == GraphDrawing.BoxKind.STATE).toList();
    assertThat(boxes).hasSize(150);
    for (int i = 1; i < boxes.size(); i++) {
      assertThat(boxes.get(i).y())
          .isGreaterThanOrEqualTo(boxes.get(i - 1).y() + boxes.get(i - 1).height());
    }
  }

  private static GraphDrawing.Box box(GraphDrawing drawing, String name) {
    return drawing.boxes().stream()
        .filter(b -> name.equals(b.stateName()))
        .findFirst()
        .orElseThrow();
  }
}
