/**
 * What a caller may do: every check goes through {@link io.stepwise.api.authorization.Authorizer}
 * (role and team, refusals audited), with the teams that own state machines and activities in
 * {@link io.stepwise.api.authorization.ResourceTeams}. Knows nothing of how a caller proved who
 * they are. See docs/SECURITY.md.
 */
package io.stepwise.api.authorization;
