/** Stepwise web-ui module: not built yet, see this module's README. */
package io.stepwise.webui;
