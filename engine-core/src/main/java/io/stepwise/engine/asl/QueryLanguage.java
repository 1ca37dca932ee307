package io.stepwise.engine.asl;

/** The two query languages of the Amazon States Language. */
public enum QueryLanguage {
  JSONPATH("JSONPath"),
  JSONATA("JSONata");

  private final String awsName;

  QueryLanguage(String awsName) {
    this.awsName = awsName;
  }

  /** The name as written in definitions. */
  public String awsName() {
    return awsName;
  }

  /** Parses the definition's spelling; null for an unknown name. */
  public static QueryLanguage fromAwsName(String name) {
    for (QueryLanguage q : values()) if (q.awsName.equals(name)) return q;
    return null;
  }
}
