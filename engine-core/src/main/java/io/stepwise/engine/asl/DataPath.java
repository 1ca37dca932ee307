package io.stepwise.engine.asl;

import io.stepwise.engine.dataflow.path.JsonPath;

/**
 * An InputPath, OutputPath or ResultPath field: absent means {@code $}, JSON null means "discard"
 * (InputPath/OutputPath give {@code {}}, ResultPath keeps the input), otherwise a path.
 */
public record DataPath(JsonPath path) {
  /** The field was JSON null. */
  public static final DataPath DISCARD = new DataPath(null);

  public boolean isDiscard() {
    return path == null;
  }

  /** True when the field is {@code $}: the value passes unchanged. */
  public boolean isIdentity() {
    return path != null && path.isRoot() && !path.isContextPath() && path.variable() == null;
  }
}
