/**
 * What the interpreter needs from outside and is handed by its runtime, so that it stays a pure
 * function: task token secrets ({@link io.stepwise.engine.port.TaskTokens}) and the evaluation
 * budget with its clock ({@link io.stepwise.engine.port.EvaluationBudget}).
 */
package io.stepwise.engine.port;
