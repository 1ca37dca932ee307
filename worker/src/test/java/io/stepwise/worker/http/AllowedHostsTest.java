package io.stepwise.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an allowedHosts entry lets through: scheme, host and port, exactly. */
class AllowedHostsTest {
  private static boolean permits(String entry, String url) {
    return AllowedHosts.of(List.of(entry)).permits(URI.create(url));
  }

  @Test
  void aBareHostMeansHttpsOnItsDefaultPort() {
    assertThat(permits("api.example.com", "https://api.example.com/v1?q=1")).isTrue();
    assertThat(permits("api.example.com", "https://API.Example.com:443/")).isTrue();
    assertThat(permits("api.example.com", "http://api.example.com/")).isFalse();
    assertThat(permits("api.example.com", "https://api.example.com:8443/")).isFalse();
    assertThat(permits("api.example.com", "https://api.example.com.evil.io/")).isFalse();
    assertThat(permits("api.example.com", "https://api.example.com@evil.io/")).isFalse();
  }

  @Test
  void aWildcardMeansSubdomainsOnly() {
    assertThat(permits("*.example.com", "https://a.example.com/")).isTrue();
    assertThat(permits("*.example.com", "https://a.b.example.com/")).isTrue();
    assertThat(permits("*.example.com", "https://example.com/")).isFalse();
    assertThat(permits("*.example.com", "https://evilexample.com/")).isFalse();
  }

  @Test
  void plainHttpAndOtherPortsOnlyWhereTheEntrySaysSo() {
    assertThat(permits("http://127.0.0.1:9000", "http://127.0.0.1:9000/x")).isTrue();
    assertThat(permits("http://127.0.0.1:9000", "https://127.0.0.1:9000/x")).isFalse();
    assertThat(permits("http://127.0.0.1:9000", "http://127.0.0.1:9001/x")).isFalse();
    assertThat(permits("http://internal", "http://internal:80/")).isTrue();
  }
}
