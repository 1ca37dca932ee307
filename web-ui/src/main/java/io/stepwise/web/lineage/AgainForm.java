package io.stepwise.web.lineage;

import io.stepwise.engine.service.ExecutionSummary;

/**
 * The "run again with this input" page: the execution it starts from, the input as edited, the name
 * the new execution gets and what is worth knowing before starting it.
 *
 * @param newName the new execution's name, or null when the old name leaves no room for the link
 * @param definitionChanged the state machine was updated since the old execution started
 * @param error why the last attempt was refused, or null
 */
public record AgainForm(
    ExecutionSummary old,
    String oldPath,
    String input,
    String newName,
    boolean definitionChanged,
    String error) {}
