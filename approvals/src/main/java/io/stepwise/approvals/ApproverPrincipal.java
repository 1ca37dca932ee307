package io.stepwise.approvals;

import java.security.Principal;
import java.util.Set;

/**
 * A signed-in user as the server's sign-in knows them: a principal that also names the mail
 * addresses their identity provider verified. A server that puts such a principal into the JAX-RS
 * {@code SecurityContext} lets an approval's {@code To} recipients decide it when signed in; with
 * any other principal, only the principal's name is compared with the {@code To} addresses.
 */
public interface ApproverPrincipal extends Principal {
  /** Verified mail addresses of this user (any case); empty when none is known. */
  Set<String> verifiedAddresses();
}
