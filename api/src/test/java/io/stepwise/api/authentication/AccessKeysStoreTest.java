package io.stepwise.api.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.authentication.store.AccessKeyTable;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Access keys through their entity on the real database: the secret is handed out once and stored
 * only sealed, a key stored by several servers at once (the local admin's at start-up) is stored,
 * revoking stops it, a re-put key is active again with its new rights.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class AccessKeysStoreTest {
  @Inject AccessKeys keys;
  @Inject AccessKeyTable table;

  @Test
  void theSecretIsShownOnceAndStoredOnlySealed() {
    AccessKeys.NewKey made =
        keys.create("team", "blue", EnumSet.of(Role.OPERATOR), Set.of("blue"), "ci", "alice");
    assertThat(made.secret()).hasSizeGreaterThan(20);
    AccessKeys.AccessKey found = keys.find(made.key().id()).orElseThrow();
    assertThat(found).isEqualTo(made.key());
    assertThat(found.toString()).doesNotContain(made.secret());
    assertThat(found.createdBy()).isEqualTo("alice");
    assertThat(found.createdAt()).isCloseTo(Instant.now(), within());
    byte[] sealed = table.find(made.key().id()).orElseThrow().secretSealed();
    assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(made.secret());
    assertThat(keys.secretOf(made.key().id())).contains(made.secret());
  }

  @Test
  void revokingStopsTheKeyAndPuttingItAgainRestoresIt() {
    AccessKeys.NewKey made =
        keys.create("user", "bob", EnumSet.of(Role.VIEWER), Set.of(), null, "bob");
    String id = made.key().id();
    assertThat(keys.activeKey(id)).isPresent();
    assertThat(keys.revoke(id)).isTrue();
    assertThat(keys.revoke(id)).isFalse();
    assertThat(keys.activeKey(id)).isEmpty();
    assertThat(keys.find(id).orElseThrow().revokedAt()).isNotNull();

    keys.put(id, "another-secret", "user", "bob", EnumSet.of(Role.EDITOR), Set.of(), "d", "carol");
    AccessKeys.AccessKey again = keys.activeKey(id).orElseThrow();
    assertThat(again.roles()).containsExactly(Role.EDITOR);
    assertThat(again.createdBy()).as("the first maker stays").isEqualTo("bob");
    assertThat(keys.secretOf(id)).contains("another-secret");
  }

  @Test
  void serversStoringOneKeyAtOnceAllSucceed() throws Exception {
    String id = AccessKeys.newId();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> puts =
          List.of(put(id, "s1"), put(id, "s2"), put(id, "s3"), put(id, "s4"));
      for (Future<Void> done : threads.invokeAll(puts)) done.get();
    } finally {
      threads.shutdown();
    }
    assertThat(keys.secretOf(id)).hasValueSatisfying(s -> assertThat(s).startsWith("s"));
  }

  @Test
  void aUseIsNoted() {
    String id = keys.create("user", "dan", EnumSet.of(Role.VIEWER), Set.of(), "", "dan").key().id();
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    keys.touch(id, at);
    assertThat(keys.find(id).orElseThrow().lastUsedAt()).isEqualTo(at);
    assertThat(keys.visibleTo(Caller.ANONYMOUS))
        .extracting(AccessKeys.AccessKey::id)
        .doesNotContain(id);
  }

  private Callable<Void> put(String id, String secret) {
    return () -> {
      keys.put(id, secret, "user", "admin", EnumSet.of(Role.ADMIN), Set.of(), "local", "admin");
      return null;
    };
  }

  private static org.assertj.core.data.TemporalUnitOffset within() {
    return new org.assertj.core.data.TemporalUnitWithinOffset(1, ChronoUnit.MINUTES);
  }
}
