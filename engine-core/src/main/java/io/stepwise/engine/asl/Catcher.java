package io.stepwise.engine.asl;

import io.stepwise.engine.dataflow.Template;
import io.stepwise.engine.dataflow.jsonata.JsonataTemplate;
import java.util.List;

/**
 * One Catch rule: which errors it takes, where it goes, and how the error output is placed
 * (ResultPath in JSONPath; Output and Assign in JSONata).
 */
public record Catcher(
    List<String> errorEquals,
    String next,
    DataPath resultPath,
    JsonataTemplate output,
    Template assign) {}
