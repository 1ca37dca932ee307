package io.stepwise.engine.asl.validate;

import io.stepwise.engine.asl.QueryLanguage;
import io.stepwise.engine.asl.StateMachineType;

/**
 * What every check may need to know about the machine as a whole.
 *
 * @param type Standard or Express, which limits the integration patterns
 * @param language the query language of the machine itself (its top-level QueryLanguage)
 */
record Machine(StateMachineType type, QueryLanguage language) {}
