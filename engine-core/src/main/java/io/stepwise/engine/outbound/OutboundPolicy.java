package io.stepwise.engine.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.util.Timeout;

/**
 * What a definition may make the server read, write or fetch: the one policy every server-side
 * outbound call of a definition goes through (a distributed Map's ItemReader and ResultWriter, and
 * later webhooks). Definitions are code an editor wrote; the server's files, its secrets and the
 * networks behind it are not theirs.
 *
 * <ul>
 *   <li>The object store ({@code Bucket}/{@code Key}): paths are resolved, normalized and checked
 *       again after symlinks; nothing outside the store is reached ({@code "../.."} buckets and
 *       keys, symlinks out of it).
 *   <li>{@code file:} URLs: only under the roots an admin lists ({@code stepwise.io.allowed-roots},
 *       none by default), checked the same way.
 *   <li>http(s): only hosts an admin lists ({@code stepwise.outbound.allowed-hosts}, none by
 *       default), https unless an entry names http; every address of the host is checked and the
 *       connection goes to a checked address (no loopback, link-local, private or metadata address
 *       unless an entry names it literally); redirects are followed by hand, each hop checked
 *       again.
 * </ul>
 *
 * {@link #local} is the command line's policy ({@code ./stepwise run}): the user runs their own
 * definition, so it reads and writes any file and fetches from any host. {@link #none} reaches
 * nothing (replays, time travel, TestState). Refusals never say whether a file exists.
 */
public final class OutboundPolicy {
  /** The most a fetched body may hold. */
  static final long MAX_FETCHED_BYTES = 64L * 1024 * 1024;

  private static final int MAX_REDIRECTS = 5;

  private final Path objectStore;
  private final boolean local;
  private final String unreachable;
  private final List<Path> allowedRoots;
  private final List<HostRule> allowedHosts;
  private final Set<InetAddress> listedAddresses;
  private volatile CloseableHttpClient http;

  private OutboundPolicy(
      Path objectStore,
      boolean local,
      String unreachable,
      List<Path> allowedRoots,
      List<HostRule> allowedHosts) {
    this.objectStore = objectStore == null ? null : objectStore.toAbsolutePath().normalize();
    this.local = local;
    this.unreachable = unreachable;
    this.allowedRoots = allowedRoots;
    this.allowedHosts = allowedHosts;
    this.listedAddresses = new HashSet<>();
    for (HostRule rule : allowedHosts) {
      InetAddress literal = rule.literalAddress();
      if (literal != null) listedAddresses.add(literal);
    }
  }

  /** The command line's policy: the object store folder, any file, any host. */
  public static OutboundPolicy local(Path objectStore) {
    return new OutboundPolicy(objectStore, true, null, List.of(), List.of());
  }

  /**
   * The server's policy: the object store, {@code file:} URLs under {@code allowedRoots} and {@code
   * allowedHosts} (entries as described above); both lists empty by default.
   */
  public static OutboundPolicy confined(
      Path objectStore, List<String> allowedRoots, List<String> allowedHosts) {
    List<Path> roots = new ArrayList<>();
    for (String root : allowedRoots) {
      if (!root.isBlank()) roots.add(Path.of(root.trim()).toAbsolutePath().normalize());
    }
    List<HostRule> hosts = new ArrayList<>();
    for (String host : allowedHosts) if (!host.isBlank()) hosts.add(HostRule.parse(host));
    return new OutboundPolicy(objectStore, false, null, List.copyOf(roots), List.copyOf(hosts));
  }

  /** A policy that reaches nothing; {@code why} ends every refusal ("a replay reads nothing"). */
  public static OutboundPolicy none(String why) {
    return new OutboundPolicy(null, false, why, List.of(), List.of());
  }

  // ---- the object store

  /**
   * The file that holds object {@code key} of {@code bucket}, for reading; refused outside the
   * store. A missing object inside the store is {@code no such object: s3://bucket/key}.
   */
  public Path objectToRead(String bucket, String key) throws OutboundRefused {
    Path file = inStore(bucket, key);
    if (!Files.isRegularFile(file)) throw new OutboundRefused("no such object: " + s3(bucket, key));
    requireInside(file, objectStore, s3(bucket, key), "it is outside the object store");
    return file;
  }

  /** The folder of {@code prefix} in {@code bucket}, to list or write under; refused outside. */
  public Path objectFolder(String bucket, String prefix) throws OutboundRefused {
    Path folder = inStore(bucket, prefix);
    requireInside(folder, objectStore, s3(bucket, prefix), "it is outside the object store");
    return folder;
  }

  private Path inStore(String bucket, String key) throws OutboundRefused {
    String name = s3(bucket, key);
    if (objectStore == null) throw refused(name, unreachable);
    Path root = objectStore;
    Path p;
    try {
      p = root.resolve(bucket == null ? "" : bucket).resolve(key == null ? "" : key).normalize();
    } catch (InvalidPathException e) {
      // A NUL, say: no file name at all. Escaping as an exception would leave the Map unanswered.
      throw refused(name, "it is not a valid object name");
    }
    if (bucket == null || bucket.isBlank() || !p.startsWith(root) || p.equals(root)) {
      throw refused(name, "it is outside the object store");
    }
    return p;
  }

  /** The object's name for messages, control characters written as escapes. */
  private static String s3(String bucket, String key) {
    String name = "s3://" + bucket + "/" + (key == null ? "" : key);
    StringBuilder shown = new StringBuilder(name.length());
    for (char c : name.toCharArray()) {
      if (Character.isISOControl(c)) shown.append(String.format("\\u%04x", (int) c));
      else shown.append(c);
    }
    return shown.toString();
  }

  // ---- file: URLs

  /** The file a {@code file:} URL names, for reading; refused outside the allowed roots. */
  public Path fileToRead(String url) throws OutboundRefused {
    Path file = allowedFile(url);
    if (!Files.isRegularFile(file)) throw new OutboundRefused("no such file: " + url);
    requireUnderARoot(file, url);
    return file;
  }

  /** The folder a {@code file:} URL names, to write under; refused outside the allowed roots. */
  public Path folderToWrite(String url) throws OutboundRefused {
    Path folder = allowedFile(url);
    requireUnderARoot(folder, url);
    return folder;
  }

  private Path allowedFile(String url) throws OutboundRefused {
    Path file;
    try {
      file = Path.of(URI.create(url)).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw refused(url, "it is not a file: URL");
    }
    if (local) return file;
    if (unreachable != null) throw refused(url, unreachable);
    if (allowedRoots.stream().noneMatch(file::startsWith)) {
      throw refused(
          url,
          allowedRoots.isEmpty()
              ? "this server reads and writes no file: URLs (an admin may list roots in"
                  + " stepwise.io.allowed-roots)"
              : "it is not under a root listed in stepwise.io.allowed-roots");
    }
    return file;
  }

  private void requireUnderARoot(Path path, String url) throws OutboundRefused {
    if (local) return;
    for (Path root : allowedRoots) {
      if (path.startsWith(root) && realPathInside(path, root)) return;
    }
    throw refused(url, "it is not under a root listed in stepwise.io.allowed-roots");
  }

  private void requireInside(Path path, Path root, String name, String reason)
      throws OutboundRefused {
    if (!realPathInside(path, root)) throw refused(name, reason);
  }

  /**
   * Whether the path, after every symlink of the part that exists, is still under the root (after
   * the root's own symlinks). A path that does not exist yet is judged by its nearest existing
   * folder; under a root that does not exist yet nothing can lead elsewhere.
   */
  private static boolean realPathInside(Path path, Path root) {
    if (!path.startsWith(root)) return false;
    try {
      if (!Files.exists(root)) return true;
      Path existing = path;
      while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
      return existing.toRealPath().startsWith(root.toRealPath());
    } catch (IOException e) {
      // A dangling symlink, or one that cannot be followed: not inside.
      return false;
    }
  }

  // ---- http(s)

  /** GETs a URL's body as text, as the policy allows it, following redirects it allows. */
  public String fetch(String url) throws OutboundRefused, IOException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw refused(url, "it is not a URL");
    }
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      checkHost(uri);
      Fetched fetched = get(uri);
      if (fetched.location() == null) {
        if (fetched.status() / 100 != 2) {
          throw new IOException("GET " + uri + " answered HTTP " + fetched.status());
        }
        return fetched.body();
      }
      uri = uri.resolve(fetched.location());
    }
    throw refused(url, "it redirects more than " + MAX_REDIRECTS + " times");
  }

  /**
   * Refuses a URL the policy would not let a {@link #post} reach (a webhook target checked when it
   * is set, so a subscription to the metadata address is refused up front).
   */
  public void checkUrl(String url) throws OutboundRefused {
    checkHost(uri(url));
  }

  /** What a POST answered: its status, and the first bytes of its body (for a delivery log). */
  public record Posted(int status, String bodyStart) {}

  /**
   * POSTs a body to a URL the policy allows (a webhook). Redirects are not followed: a 3xx is the
   * answer, as for any other status; the answer's body is read up to a few KiB and dropped.
   */
  public Posted post(String url, java.util.Map<String, String> headers, byte[] body)
      throws OutboundRefused, IOException {
    URI uri = uri(url);
    checkHost(uri);
    org.apache.hc.client5.http.classic.methods.HttpPost post =
        new org.apache.hc.client5.http.classic.methods.HttpPost(uri);
    headers.forEach(post::setHeader);
    post.setEntity(
        new org.apache.hc.core5.http.io.entity.ByteArrayEntity(
            body, org.apache.hc.core5.http.ContentType.APPLICATION_JSON));
    try {
      return client()
          .execute(
              post,
              response -> {
                String start = "";
                if (response.getEntity() != null) {
                  try (InputStream in = response.getEntity().getContent()) {
                    start = new String(in.readNBytes(2048), StandardCharsets.UTF_8);
                  }
                }
                return new Posted(response.getCode(), start);
              });
    } catch (AddressRefused e) {
      throw refused(uri.toString(), e.getMessage());
    }
  }

  private static URI uri(String url) throws OutboundRefused {
    try {
      return URI.create(url);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw refused(String.valueOf(url), "it is not a URL");
    }
  }

  /** The scheme, host and port are allowed, and so is every address the host has now. */
  private void checkHost(URI uri) throws OutboundRefused {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw refused(uri.toString(), "only http(s) URLs are fetched");
    }
    if (local) return;
    if (unreachable != null) throw refused(uri.toString(), unreachable);
    if (allowedHosts.stream().noneMatch(rule -> rule.matches(uri))) {
      throw refused(
          uri.toString(),
          allowedHosts.isEmpty()
              ? "this server fetches from no host (an admin may list hosts in"
                  + " stepwise.outbound.allowed-hosts)"
              : "its scheme, host and port are not listed in stepwise.outbound.allowed-hosts");
    }
    try {
      checkedAddresses(HostRule.unbracket(uri.getHost()));
    } catch (AddressRefused e) {
      throw refused(uri.toString(), e.getMessage());
    } catch (UnknownHostException e) {
      throw refused(uri.toString(), "its host is unknown");
    }
  }

  /** Every address of the host, all of them allowed; the connection goes to one of these. */
  private InetAddress[] checkedAddresses(String host) throws UnknownHostException {
    InetAddress[] all = SystemDefaultDnsResolver.INSTANCE.resolve(host);
    if (local) return all;
    for (InetAddress address : all) {
      if (InternalAddresses.isInternal(address) && !listedAddresses.contains(address)) {
        throw new AddressRefused(
            "it resolves to an internal address ("
                + address.getHostAddress()
                + ") that stepwise.outbound.allowed-hosts does not name");
      }
    }
    return all;
  }

  /** A host whose addresses the policy refuses; thrown from the client's resolver too. */
  private static final class AddressRefused extends UnknownHostException {
    AddressRefused(String message) {
      super(message);
    }
  }

  private record Fetched(int status, String location, String body) {}

  private Fetched get(URI uri) throws IOException, OutboundRefused {
    try {
      return client()
          .execute(
              new HttpGet(uri),
              response -> {
                int status = response.getCode();
                Header location = response.getFirstHeader("Location");
                if (status / 100 == 3 && location != null) {
                  return new Fetched(status, location.getValue(), null);
                }
                String body = null;
                if (response.getEntity() != null) {
                  try (InputStream in = response.getEntity().getContent()) {
                    byte[] bytes = in.readNBytes((int) MAX_FETCHED_BYTES + 1);
                    if (bytes.length > MAX_FETCHED_BYTES) {
                      throw new IOException(
                          "the body is larger than " + MAX_FETCHED_BYTES + " bytes");
                    }
                    body = new String(bytes, StandardCharsets.UTF_8);
                  }
                }
                return new Fetched(status, null, body == null ? "" : body);
              });
    } catch (AddressRefused e) {
      // The name resolved to an internal address between the check and the connection.
      throw refused(uri.toString(), e.getMessage());
    }
  }

  /** The client: redirects, retries, cookies and proxies off; its resolver checks addresses. */
  private CloseableHttpClient client() {
    CloseableHttpClient c = http;
    if (c != null) return c;
    synchronized (this) {
      if (http != null) return http;
      DnsResolver resolver =
          new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
              return checkedAddresses(host);
            }

            @Override
            public List<InetSocketAddress> resolve(String host, int port)
                throws UnknownHostException {
              List<InetSocketAddress> out = new ArrayList<>();
              for (InetAddress a : checkedAddresses(host)) out.add(new InetSocketAddress(a, port));
              return out;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
              return host;
            }
          };
      http =
          HttpClients.custom()
              .setConnectionManager(
                  PoolingHttpClientConnectionManagerBuilder.create()
                      .setDnsResolver(resolver)
                      .setDefaultConnectionConfig(
                          ConnectionConfig.custom()
                              .setConnectTimeout(10, TimeUnit.SECONDS)
                              .setSocketTimeout(60, TimeUnit.SECONDS)
                              .build())
                      .build())
              .setDefaultRequestConfig(
                  RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(60)).build())
              .disableRedirectHandling()
              .disableAutomaticRetries()
              .disableCookieManagement()
              .disableAuthCaching()
              .build();
      return http;
    }
  }

  private static OutboundRefused refused(String target, String reason) {
    return new OutboundRefused(target + " is out of reach: " + reason);
  }
}
