package io.stepwise.engine.dataflow.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import org.junit.jupiter.api.Test;

class JsonPathTest {
  private static final JsonNode DOC =
      Json.parseTrusted(
          "{\"a\":{\"b\":[10,20,30]},\"items\":[{\"v\":1},{\"v\":2},{\"w\":3}],\"s\":\"x\",\"n\":null}");

  private static JsonNode read(String path) throws Exception {
    return JsonPath.compile(path).read(DOC);
  }

  @Test
  void readsPropertiesAndIndices() throws Exception {
    assertThat(read("$.a.b[1]").asInt()).isEqualTo(20);
    assertThat(read("$['a']['b'][-1]").asInt()).isEqualTo(30);
    assertThat(read("$").equals(DOC)).isTrue();
    assertThat(read("$.n").isNull()).isTrue();
  }

  @Test
  void indefinitePathsCollectMatchesIntoAnArray() throws Exception {
    assertThat(read("$.items[*].v")).isEqualTo(Json.parseTrusted("[1,2]"));
    assertThat(read("$.a.b[1:]")).isEqualTo(Json.parseTrusted("[20,30]"));
    assertThat(read("$.a.b[:1]")).isEqualTo(Json.parseTrusted("[10]"));
    assertThat(read("$.nothing[*]")).isEqualTo(Json.parseTrusted("[]"));
  }

  @Test
  void filtersAndDeepScansGoThroughTheLibrary() throws Exception {
    assertThat(read("$.items[?(@.v == 2)]")).isEqualTo(Json.parseTrusted("[{\"v\":2}]"));
    assertThat(read("$..v")).isEqualTo(Json.parseTrusted("[1,2]"));
  }

  @Test
  void aDotBeforeABracketMeansNothing() throws Exception {
    // Deployed definitions and AWS's documentation write $.[0] and $.abc.['def ghi'].
    assertThat(read("$.a.b.[1]").asInt()).isEqualTo(20);
    assertThat(read("$.['a'].b.[-1]").asInt()).isEqualTo(30);
    assertThat(JsonPath.compile("$.[0].body").read(Json.parseTrusted("[{\"body\":1}]")).asInt())
        .isEqualTo(1);
    assertThat(JsonPath.compile("$.a.[0]").isDefinite()).isTrue();
  }

  @Test
  void aBracketNamingSeveralPropertiesSelectsThemAsJaywayDoes() throws Exception {
    assertThat(read("$.items.[*].['v', 'w']"))
        .isEqualTo(Json.parseTrusted("[{\"v\":1},{\"v\":2},{\"w\":3}]"));
    assertThat(read("$['s','n']")).isEqualTo(Json.parseTrusted("{\"s\":\"x\",\"n\":null}"));
    assertThat(JsonPath.compile("$var.['s', 'n']").variable()).isEqualTo("var");
  }

  @Test
  void missingLeafSaysNoResultsWithTheNormalisedPath() {
    assertThatThrownBy(() -> read("$.missing"))
        .isInstanceOf(PathNotFoundException.class)
        .hasMessage("No results for path: $['missing']");
  }

  @Test
  void missingIntermediateSaysMissingProperty() {
    assertThatThrownBy(() -> read("$.no.such.path"))
        .isInstanceOf(PathNotFoundException.class)
        .hasMessage("Missing property in path $['no']");
  }

  @Test
  void indexOutOfRangeFindsNothing() {
    assertThatThrownBy(() -> read("$.a.b[7]")).isInstanceOf(PathNotFoundException.class);
  }

  @Test
  void setCreatesMissingObjectsAndSharesTheRest() throws Exception {
    JsonNode out = JsonPath.compile("$.x.y").set(DOC, Json.text("v"));
    assertThat(out.at("/x/y").asText()).isEqualTo("v");
    assertThat(out.get("a")).isSameAs(DOC.get("a"));
    assertThat(DOC.has("x")).as("the input is not changed").isFalse();
  }

  @Test
  void setOnRootReplacesTheValue() throws Exception {
    assertThat(JsonPath.compile("$").set(DOC, Json.text("v")).asText()).isEqualTo("v");
  }

  @Test
  void quotedNamesKeepBackslashesThatDoNotEscapeTheQuote() throws Exception {
    JsonNode doc = Json.parseTrusted("{\"Test\\\\\\\"\\\"Name\\\"\":1}");
    assertThat(JsonPath.compile("$['Test\\\"\"Name\"']").read(doc).asInt()).isEqualTo(1);
  }

  @Test
  void contextPathsAreRecognised() throws Exception {
    assertThat(JsonPath.compile("$$.Execution.Id").isContextPath()).isTrue();
    assertThat(JsonPath.compile("$.a").isContextPath()).isFalse();
  }

  @Test
  void rejectsTextThatIsNotAPath() {
    assertThatThrownBy(() -> JsonPath.compile("a.b")).isInstanceOf(InvalidJsonPathException.class);
    assertThatThrownBy(() -> JsonPath.compile("$.a[")).isInstanceOf(InvalidJsonPathException.class);
    assertThatThrownBy(() -> JsonPath.compile("$.a[x]"))
        .isInstanceOf(InvalidJsonPathException.class);
    assertThatThrownBy(() -> JsonPath.compile("$..")).isInstanceOf(InvalidJsonPathException.class);
  }
}
