package io.stepwise.engine.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/**
 * One entry of {@code stepwise.outbound.allowed-hosts}: {@code api.example.com} (https on 443),
 * {@code *.example.com} (any subdomain, not the domain itself), or a URL prefix that names the
 * scheme and port ({@code http://127.0.0.1:9000}). https unless the entry names http.
 */
record HostRule(String scheme, String host, boolean wildcard, int port) {
  static HostRule parse(String entry) {
    String text = entry.trim().toLowerCase(Locale.ROOT);
    URI uri = URI.create(text.contains("://") ? text : "https://" + text);
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (host == null && text.contains("*.")) {
      host = text.substring(text.indexOf("*."), endOfHost(text));
    }
    if (!("https".equals(scheme) || "http".equals(scheme)) || host == null || host.isBlank()) {
      throw new IllegalArgumentException(
          "stepwise.outbound.allowed-hosts: '" + entry + "' is not a host, *.domain or URL");
    }
    boolean wildcard = host.startsWith("*.");
    int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
    return new HostRule(scheme, wildcard ? host.substring(1) : unbracket(host), wildcard, port);
  }

  private static int endOfHost(String text) {
    int start = text.indexOf("*.");
    int colon = text.indexOf(':', start);
    int slash = text.indexOf('/', start);
    int end = text.length();
    if (colon >= 0) end = Math.min(end, colon);
    if (slash >= 0) end = Math.min(end, slash);
    return end;
  }

  static int defaultPort(String scheme) {
    return "http".equals(scheme) ? 80 : 443;
  }

  static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Whether a URL's scheme, host and port are this entry's. */
  boolean matches(URI uri) {
    String h = unbracket(uri.getHost().toLowerCase(Locale.ROOT));
    int p = uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme());
    boolean hostMatches =
        wildcard ? h.endsWith(host) && h.length() > host.length() : h.equals(host);
    return scheme.equals(uri.getScheme().toLowerCase(Locale.ROOT)) && port == p && hostMatches;
  }

  /** The address an entry names literally (an IP), which may then be internal; else null. */
  InetAddress literalAddress() {
    if (wildcard || !(host.indexOf(':') >= 0 || host.matches("[0-9.]+"))) return null;
    try {
      return InetAddress.getByName(host);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }
}
