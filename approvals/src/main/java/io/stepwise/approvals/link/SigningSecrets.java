package io.stepwise.approvals.link;

import io.stepwise.approvals.ApprovalsConfig;
import io.stepwise.approvals.store.SettingStore;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Makes the {@link LinkSigner} from {@code stepwise.approvals.secret} and {@code previous-secrets},
 * or from a secret generated once and kept in the database when none is set.
 */
@Dependent
public class SigningSecrets {
  private static final Logger LOG = Logger.getLogger(SigningSecrets.class);

  @Produces
  @Singleton
  LinkSigner signer(ApprovalsConfig config, SettingStore store) {
    List<String> secrets = new ArrayList<>();
    if (config.secret().isPresent() && !config.secret().get().isBlank()) {
      secrets.add(config.secret().get());
    } else {
      LOG.warn(
          "stepwise.approvals.secret is not set: approval links are signed with a secret"
              + " generated once and kept in the database; set one for a shared server");
      secrets.add(store.setting("link-secret", SigningSecrets::randomSecret));
    }
    config.previousSecrets().ifPresent(secrets::addAll);
    return new LinkSigner(secrets);
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
