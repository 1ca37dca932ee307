package io.stepwise.engine.asl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.QueryLanguage;

/**
 * One set of states with its own {@code StartAt}: the machine itself, a Parallel branch or a Map
 * state's processor. State names and transitions are resolved within one scope.
 *
 * @param node the object holding {@code StartAt} and {@code States}
 * @param pointer its location ({@code ""} for the machine itself)
 * @param language the query language its states inherit
 * @param kind which kind of scope, for the fields it may carry
 */
record Scope(JsonNode node, String pointer, QueryLanguage language, Kind kind) {

  enum Kind {
    MACHINE,
    BRANCH,
    ITERATOR,
    ITEM_PROCESSOR
  }

  String statePointer(String stateName) {
    return pointer + "/States/" + stateName;
  }
}
