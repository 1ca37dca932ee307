package io.stepwise.engine.dataflow.path;

/** One step of a compiled JSONPath: a property, an array index, a wildcard or a slice. */
sealed interface PathSegment {
  /** The segment in jayway's normalised form, which AWS quotes in its error messages. */
  String normalized();

  record Property(String name) implements PathSegment {
    public String normalized() {
      return "['" + name + "']";
    }
  }

  record Index(int index) implements PathSegment {
    public String normalized() {
      return "[" + index + "]";
    }
  }

  record Wildcard() implements PathSegment {
    public String normalized() {
      return "[*]";
    }
  }

  record Slice(Integer from, Integer to) implements PathSegment {
    public String normalized() {
      return "[" + (from == null ? "" : from) + ":" + (to == null ? "" : to) + "]";
    }
  }
}
