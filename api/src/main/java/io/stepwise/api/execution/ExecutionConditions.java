package io.stepwise.api.execution;

import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of an executions query, made of only the conditions a search uses (so each is
 * planned with the indexes that fit it, which {@code $1 IS NULL OR ...} would prevent). Each {@code
 * $?} in a condition becomes the next numbered parameter.
 */
final class ExecutionConditions {
  private final List<String> conditions = new ArrayList<>();
  private final List<Object> params = new ArrayList<>();

  /** {@code column = value}, when the value is not null. */
  void equal(String column, String value) {
    if (value != null) add(column + " = $?", value);
  }

  void add(String condition, Object... values) {
    StringBuilder numbered = new StringBuilder();
    int from = 0;
    int used = 0;
    int at;
    while ((at = condition.indexOf("$?", from)) >= 0) {
      params.add(values[used++]);
      numbered.append(condition, from, at).append('$').append(params.size());
      from = at + 2;
    }
    conditions.add(numbered.append(condition.substring(from)).toString());
  }

  String sql() {
    return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
  }

  Object[] params() {
    return params.toArray();
  }
}
