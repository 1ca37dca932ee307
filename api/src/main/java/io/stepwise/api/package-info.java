/** Stepwise api module: not built yet, see this module's README. */
package io.stepwise.api;
