/**
 * Who may do what: sign-in (OpenID Connect or the local admin), roles and teams, SigV4 access keys
 * and the audit log. Every check goes through {@link io.stepwise.api.security.Authorizer}; the
 * filters {@code ApiGuard} (POST /) and {@code PageGuard} (the browser pages) only ask it. See
 * docs/SSO.md.
 */
package io.stepwise.api.security;
