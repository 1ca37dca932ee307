package io.stepwise.approvals.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LinkSignerTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private final LinkSigner signer = new LinkSigner(List.of("current-secret"));
  private final UUID link = UUID.randomUUID();

  @Test
  void aSignedReferenceChecksAsValidUntilItExpires() {
    String ref = signer.sign(link, NOW.plusSeconds(60));

    assertThat(signer.check(ref, NOW)).isEqualTo(new LinkCheck.Valid(link, NOW.plusSeconds(60)));
    assertThat(signer.check(ref, NOW.plusSeconds(59))).isInstanceOf(LinkCheck.Valid.class);
    assertThat(signer.check(ref, NOW.plusSeconds(60)))
        .isEqualTo(new LinkCheck.Expired(link, NOW.plusSeconds(60)));
  }

  @Test
  void theReferenceIsUrlSafeAndCarriesNoTaskToken() {
    String ref = signer.sign(link, NOW);

    assertThat(ref).matches("[A-Za-z0-9_.-]+").hasSizeLessThan(90);
  }

  @Test
  void anyChangedCharacterMakesItTampered() {
    String ref = signer.sign(link, NOW.plusSeconds(60));
    for (int i = 0; i < ref.length(); i++) {
      if (ref.charAt(i) == '.') continue;
      char replacement = ref.charAt(i) == 'A' ? 'B' : 'A';
      String changed = ref.substring(0, i) + replacement + ref.substring(i + 1);
      assertThat(signer.check(changed, NOW))
          .as("changed at %d", i)
          .isInstanceOf(LinkCheck.Tampered.class);
    }
  }

  @Test
  void aLaterExpiryCannotBeForged() {
    String ref = signer.sign(link, NOW.plusSeconds(1));
    String[] parts = ref.split("\\.");
    String extended =
        parts[0]
            + "."
            + Long.toString(NOW.plusSeconds(86_400).getEpochSecond(), 36)
            + "."
            + parts[2];

    assertThat(signer.check(extended, NOW.plusSeconds(5))).isInstanceOf(LinkCheck.Tampered.class);
  }

  @Test
  void truncatedOrGarbageReferencesAreTampered() {
    String ref = signer.sign(link, NOW.plusSeconds(60));

    assertThat(signer.check(ref.substring(0, ref.length() - 3), NOW))
        .isInstanceOf(LinkCheck.Tampered.class);
    assertThat(signer.check("", NOW)).isInstanceOf(LinkCheck.Tampered.class);
    assertThat(signer.check("a.b.c", NOW)).isInstanceOf(LinkCheck.Tampered.class);
    assertThat(signer.check("a.b.c.d", NOW)).isInstanceOf(LinkCheck.Tampered.class);
    assertThat(signer.check(null, NOW)).isInstanceOf(LinkCheck.Tampered.class);
  }

  @Test
  void aReferenceSignedWithAnotherSecretIsTampered() {
    String foreign = new LinkSigner(List.of("someone-else")).sign(link, NOW.plusSeconds(60));

    assertThat(signer.check(foreign, NOW)).isInstanceOf(LinkCheck.Tampered.class);
  }

  @Test
  void afterRotationOldLinksStayGoodWhileThePreviousSecretIsListed() {
    String old = signer.sign(link, NOW.plusSeconds(60));
    LinkSigner rotated = new LinkSigner(List.of("new-secret", "current-secret"));
    LinkSigner retired = new LinkSigner(List.of("new-secret"));

    assertThat(rotated.check(old, NOW)).isInstanceOf(LinkCheck.Valid.class);
    assertThat(retired.check(old, NOW)).isInstanceOf(LinkCheck.Tampered.class);
    // New links are signed with the new secret only.
    assertThat(signer.check(rotated.sign(link, NOW.plusSeconds(60)), NOW))
        .isInstanceOf(LinkCheck.Tampered.class);
  }

  @Test
  void csrfTokensAreBoundToTheReferenceAndTheCookie() {
    String ref = signer.sign(link, NOW.plusSeconds(60));
    String other = signer.sign(UUID.randomUUID(), NOW.plusSeconds(60));
    String token = signer.csrfToken(ref, "cookie-1");

    assertThat(signer.csrfMatches(ref, "cookie-1", token)).isTrue();
    assertThat(signer.csrfMatches(ref, "cookie-2", token)).isFalse();
    assertThat(signer.csrfMatches(other, "cookie-1", token)).isFalse();
    assertThat(signer.csrfMatches(ref, null, token)).isFalse();
    assertThat(signer.csrfMatches(ref, "cookie-1", null)).isFalse();
    assertThat(signer.csrfMatches(ref, "cookie-1", "%%%")).isFalse();
    // A link signature is never accepted as a CSRF token.
    assertThat(signer.csrfMatches(ref, "cookie-1", ref.split("\\.")[2])).isFalse();
  }

  @Test
  void anotherSpellingOfTheSameSignatureIsRefused() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    String ref = signer.sign(link, NOW.plusSeconds(60));
    char last = ref.charAt(ref.length() - 1);
    // A 32-byte signature's last base64 character has two unused bits: flipping them gives the
    // same bytes, which must not count as the same link.
    int value = alphabet.indexOf(last);
    String sameBytes = ref.substring(0, ref.length() - 1) + alphabet.charAt(value ^ 1);
    assertThat(signer.check(sameBytes, NOW)).isInstanceOf(LinkCheck.Tampered.class);
  }
}
