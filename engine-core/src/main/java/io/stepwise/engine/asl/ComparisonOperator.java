package io.stepwise.engine.asl;

/** The comparison operators of Choice rules, without their {@code Path} suffix. */
public enum ComparisonOperator {
  StringEquals,
  StringLessThan,
  StringGreaterThan,
  StringLessThanEquals,
  StringGreaterThanEquals,
  StringMatches,
  NumericEquals,
  NumericLessThan,
  NumericGreaterThan,
  NumericLessThanEquals,
  NumericGreaterThanEquals,
  BooleanEquals,
  TimestampEquals,
  TimestampLessThan,
  TimestampGreaterThan,
  TimestampLessThanEquals,
  TimestampGreaterThanEquals,
  IsNull,
  IsPresent,
  IsNumeric,
  IsString,
  IsBoolean,
  IsTimestamp;

  /** The operator named by a Choice rule field, with or without {@code Path}; null if none. */
  public static ComparisonOperator fromField(String field) {
    String base = field.endsWith("Path") ? field.substring(0, field.length() - 4) : field;
    try {
      ComparisonOperator op = valueOf(base);
      if (field.endsWith("Path") && (op.isTypeTest() || op == StringMatches)) return null;
      return op;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** True for the {@code Is...} tests. */
  public boolean isTypeTest() {
    return name().startsWith("Is");
  }
}
