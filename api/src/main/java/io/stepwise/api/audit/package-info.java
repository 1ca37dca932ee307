/**
 * What callers did: {@link io.stepwise.api.audit.AuditLog} (every change and every refusal, written
 * in batches) and its page and exports for admins.
 */
package io.stepwise.api.audit;
