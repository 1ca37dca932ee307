package io.stepwise.worker.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts a connection's credentials may be sent to, as its configuration lists them. An entry is
 * {@code [http://|https://]HOST[:PORT]}: without a scheme it means https, so plain http needs an
 * entry that says {@code http://}; without a port it means the scheme's default; a host {@code
 * *.example.com} stands for its subdomains (not {@code example.com} itself). No path: a connection
 * trusts a whole origin.
 */
public final class AllowedHosts {
  private final List<Origin> origins;
  private final List<String> entries;

  private record Origin(String scheme, String host, boolean subdomains, int port) {
    boolean matches(URI uri) {
      if (uri.getScheme() == null || uri.getHost() == null) return false;
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
      boolean hostMatches = subdomains ? host.endsWith("." + this.host) : host.equals(this.host);
      return scheme.equals(this.scheme) && hostMatches && port == this.port;
    }
  }

  private AllowedHosts(List<Origin> origins, List<String> entries) {
    this.origins = List.copyOf(origins);
    this.entries = List.copyOf(entries);
  }

  /**
   * Reads the entries of a connection's {@code allowedHosts}.
   *
   * @throws IllegalArgumentException naming the first entry that is not a scheme, host and port
   */
  public static AllowedHosts of(List<String> entries) {
    List<Origin> origins = new ArrayList<>();
    for (String entry : entries) origins.add(parse(entry));
    return new AllowedHosts(origins, entries);
  }

  private static Origin parse(String entry) {
    String text = entry.trim();
    String scheme = "https";
    int separator = text.indexOf("://");
    if (separator >= 0) {
      scheme = text.substring(0, separator).toLowerCase(Locale.ROOT);
      text = text.substring(separator + 3);
    }
    boolean subdomains = text.startsWith("*.");
    if (subdomains) text = text.substring(2);
    if (text.endsWith("/")) text = text.substring(0, text.length() - 1);
    URI uri;
    try {
      uri = new URI(scheme + "://" + text);
    } catch (URISyntaxException e) {
      throw invalid(entry);
    }
    boolean webScheme = scheme.equals("https") || scheme.equals("http");
    boolean originOnly =
        (uri.getRawPath() == null || uri.getRawPath().isEmpty())
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && uri.getRawUserInfo() == null;
    if (!webScheme || uri.getHost() == null || !originOnly || uri.getHost().contains("*")) {
      throw invalid(entry);
    }
    int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
    return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), subdomains, port);
  }

  private static IllegalArgumentException invalid(String entry) {
    return new IllegalArgumentException(
        "'"
            + entry
            + "' is not [http://|https://]HOST[:PORT] (HOST may start with *. for its subdomains)");
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("http") ? 80 : 443;
  }

  /** Whether credentials may be sent to {@code uri}'s scheme, host and port. */
  public boolean permits(URI uri) {
    return origins.stream().anyMatch(o -> o.matches(uri));
  }

  /** The entries as configured. */
  @Override
  public String toString() {
    return String.join(", ", entries);
  }
}
