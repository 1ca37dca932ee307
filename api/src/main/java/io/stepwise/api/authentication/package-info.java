/**
 * Who is calling: sign-in (OpenID Connect or the local admin) and its sessions, SigV4 access keys,
 * and the guards that turn a request into a {@link io.stepwise.api.caller.Caller} ({@code ApiGuard}
 * for POST /, {@code JsonApiGuard} for the JSON API, {@code PageGuard} for the pages, {@code
 * CsrfGuard} for cookie sessions' forms). The guards ask {@link
 * io.stepwise.api.authorization.Authorizer} what the caller may do. See docs/SSO.md.
 */
package io.stepwise.api.authentication;
