package io.stepwise.engine.asl;

import io.stepwise.engine.dataflow.Template;
import io.stepwise.engine.dataflow.jsonata.JsonataTemplate;

/**
 * The fields every state has.
 *
 * @param name the state's name
 * @param pointer its JSON pointer in the definition, for messages (e.g. {@code /States/Foo})
 * @param queryLanguage the query language in force for this state
 * @param inputPath InputPath (JSONPath only)
 * @param outputPath OutputPath (JSONPath only)
 * @param transition Next or End (Choice, Succeed and Fail have none: null)
 * @param assign the Assign block (a JSONPath payload template or a JSONata template), or null
 * @param output the JSONata Output field, or null
 */
public record StateBase(
    String name,
    String pointer,
    QueryLanguage queryLanguage,
    DataPath inputPath,
    DataPath outputPath,
    Transition transition,
    Template assign,
    JsonataTemplate output) {}
