/**
 * What every HTTP request meets before anyone is authenticated: response security headers, the
 * address check (control characters) and the same-origin check of state changes. See
 * docs/SECURITY.md.
 */
package io.stepwise.api.http;
