package io.stepwise.engine.asl.parse;

/**
 * A definition that cannot be turned into a state machine, with AWS's code and the JSON pointer of
 * the offending field.
 */
public final class DefinitionException extends Exception {
  private final String location;

  public DefinitionException(String location, String message) {
    super(message, null, false, false);
    this.location = location;
  }

  /** The JSON pointer of the field at fault, e.g. {@code /States/Foo/Next}. */
  public String location() {
    return location;
  }
}
