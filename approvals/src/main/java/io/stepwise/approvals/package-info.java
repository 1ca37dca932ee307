/**
 * Approvals: human decisions by e-mailed signed links, as the built-in task {@code
 * arn:aws:states:::stepwise:approval.waitForTaskToken}. See this module's README.
 */
package io.stepwise.approvals;
