/**
 * What a definition can reach on the server: {@link io.stepwise.engine.outbound.OutboundPolicy},
 * the one policy for every server-side read, write and fetch a definition steers.
 */
package io.stepwise.engine.outbound;
