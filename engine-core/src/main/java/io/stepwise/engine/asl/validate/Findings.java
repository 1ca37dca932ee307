package io.stepwise.engine.asl.validate;

import java.util.ArrayList;
import java.util.List;

/** Collects the diagnostics of one validation run, in the order the checks find them. */
final class Findings {
  static final String SCHEMA = "SCHEMA_VALIDATION_FAILED";
  static final String MISSING_TRANSITION_TARGET = "MISSING_TRANSITION_TARGET";
  static final String MISSING_END_STATE = "MISSING_END_STATE";
  static final String DUPLICATE_STATE_NAME = "DUPLICATE_STATE_NAME";
  static final String INVALID_STATE_NAME = "INVALID_STATE_NAME";

  private final List<Diagnostic> diagnostics = new ArrayList<>();

  /** A schema error, the code AWS gives most findings. */
  void schema(String location, String message) {
    add(SCHEMA, location, message);
  }

  void add(String code, String location, String message) {
    diagnostics.add(Diagnostic.error(code, location.isEmpty() ? "/" : location, message));
  }

  List<Diagnostic> all() {
    return diagnostics;
  }
}
