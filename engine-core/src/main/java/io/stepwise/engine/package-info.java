/** The Amazon States Language engine: plain Java, no framework, no I/O. */
package io.stepwise.engine;
