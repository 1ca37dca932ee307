package io.stepwise.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.ItemSource;
import io.stepwise.engine.runtime.memory.ResultSink;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a definition can reach on the server (issue 16, row 1): a distributed Map's ItemReader and
 * ResultWriter against the server's outbound policy, as an editor attacking the server would try.
 * Network attempts go to this machine's loopback only; internal addresses elsewhere are refused
 * before any connection.
 */
class OutboundPolicyTest {
  @TempDir Path data;
  private Path store;
  private HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();

  @BeforeEach
  void serverLayout() throws Exception {
    // The server's DATA folder: the object store beside the security files.
    store = Files.createDirectories(data.resolve("objects"));
    Files.createDirectories(data.resolve("security"));
    Files.writeString(data.resolve("security/server.key"), "SECRET-KEY");
    Files.createDirectories(store.resolve("bucket"));
    Files.writeString(store.resolve("bucket/items.json"), "[1,2,3]");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/items",
        exchange -> {
          hits.incrementAndGet();
          byte[] body = "[4,5]".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/to-metadata",
        exchange -> {
          hits.incrementAndGet();
          exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.createContext(
        "/to-localhost",
        exchange -> {
          hits.incrementAndGet();
          exchange.getResponseHeaders().add("Location", "http://localhost:" + port() + "/items");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private OutboundPolicy server(List<String> roots, List<String> hosts) {
    return OutboundPolicy.confined(store, roots, hosts);
  }

  private OutboundPolicy server() {
    return server(List.of(), List.of());
  }

  private static JsonNode reader(String parameters) {
    return reader(parameters, "arn:aws:states:::s3:getObject");
  }

  private static JsonNode reader(String parameters, String resource) {
    return Json.parseTrusted(
        "{\"Resource\":\"" + resource + "\",\"Parameters\":" + parameters + "}");
  }

  private static String readFails(OutboundPolicy policy, String parameters) {
    return readFails(policy, parameters, "arn:aws:states:::s3:getObject");
  }

  private static String readFails(OutboundPolicy policy, String parameters, String resource) {
    try {
      new ItemSource(policy).read(reader(parameters, resource));
    } catch (ItemSource.ItemReaderException e) {
      return e.getMessage();
    }
    throw new AssertionError("read " + parameters);
  }

  @Test
  void theObjectStoreIsReadable() throws Exception {
    JsonNode items =
        new ItemSource(server()).read(reader("{\"Bucket\":\"bucket\",\"Key\":\"items.json\"}"));

    assertThat(Json.write(items)).isEqualTo("[1,2,3]");
  }

  @Test
  void fileUrlsAreRefusedWithoutAnAllowedRootAndWithoutSayingWhetherTheFileExists() {
    String passwd = readFails(server(), "{\"Url\":\"file:///etc/passwd\"}");
    String environ = readFails(server(), "{\"Url\":\"file:///proc/self/environ\"}");
    String key =
        readFails(server(), "{\"Url\":\"" + data.resolve("security/server.key").toUri() + "\"}");
    String absent = readFails(server(), "{\"Url\":\"file:///etc/no-such-file-here\"}");

    assertThat(passwd)
        .isEqualTo(
            "file:///etc/passwd is out of reach: this server reads and writes no file: URLs (an"
                + " admin may list roots in stepwise.io.allowed-roots)");
    assertThat(environ).startsWith("file:///proc/self/environ is out of reach");
    assertThat(key).contains("is out of reach").doesNotContain("SECRET");
    assertThat(absent.replace("no-such-file-here", "passwd")).isEqualTo(passwd);
  }

  @Test
  void bucketsAndKeysCannotLeaveTheObjectStore() {
    assertThat(readFails(server(), "{\"Bucket\":\"../../..\",\"Key\":\"etc/passwd\"}"))
        .isEqualTo("s3://../../../etc/passwd is out of reach: it is outside the object store");
    assertThat(readFails(server(), "{\"Bucket\":\"../security\",\"Key\":\"server.key\"}"))
        .contains("outside the object store");
    assertThat(readFails(server(), "{\"Bucket\":\"bucket\",\"Key\":\"../../security/server.key\"}"))
        .contains("outside the object store");
    assertThat(readFails(server(), "{\"Bucket\":\"/etc\",\"Key\":\"passwd\"}"))
        .contains("outside the object store");
  }

  @Test
  void symlinksOutOfTheStoreAreRefused() throws Exception {
    Files.createSymbolicLink(store.resolve("bucket/key.json"), data.resolve("security/server.key"));
    Files.createSymbolicLink(store.resolve("secrets"), data.resolve("security"));

    assertThat(readFails(server(), "{\"Bucket\":\"bucket\",\"Key\":\"key.json\"}"))
        .contains("outside the object store")
        .doesNotContain("SECRET");
    assertThat(readFails(server(), "{\"Bucket\":\"secrets\",\"Key\":\"server.key\"}"))
        .contains("outside the object store");
    JsonNode listed = listing(server(), "{\"Bucket\":\"bucket\",\"Prefix\":\"\"}");
    assertThat(listed.findValuesAsText("Key")).containsExactly("items.json");
  }

  private static JsonNode listing(OutboundPolicy policy, String parameters) throws Exception {
    return new ItemSource(policy)
        .read(
            Json.parseTrusted(
                "{\"Resource\":\"arn:aws:states:::s3:listObjectsV2\",\"Parameters\":"
                    + parameters
                    + "}"));
  }

  @Test
  void allowedRootsAreReadableAndTheirSymlinksStillChecked() throws Exception {
    Path shared = Files.createDirectories(data.resolve("shared"));
    Files.writeString(shared.resolve("items.json"), "[7]");
    Files.createSymbolicLink(shared.resolve("escape.json"), data.resolve("security/server.key"));
    OutboundPolicy policy = server(List.of(shared.toString()), List.of());

    assertThat(
            Json.write(
                new ItemSource(policy)
                    .read(reader("{\"Url\":\"" + shared.resolve("items.json").toUri() + "\"}"))))
        .isEqualTo("[7]");
    assertThat(readFails(policy, "{\"Url\":\"" + shared.resolve("escape.json").toUri() + "\"}"))
        .contains("not under a root listed in stepwise.io.allowed-roots");
    assertThat(readFails(policy, "{\"Url\":\"" + shared.toUri() + "../security/server.key\"}"))
        .contains("not under a root listed in stepwise.io.allowed-roots");
  }

  @Test
  void noHostIsFetchedUnlessListed() {
    assertThat(readFails(server(), "{\"Url\":\"http://169.254.169.254/latest/meta-data\"}"))
        .contains("this server fetches from no host");
    assertThat(readFails(server(), "{\"Url\":\"http://127.0.0.1:" + port() + "/items\"}"))
        .contains("this server fetches from no host");
    assertThat(hits).hasValue(0);
  }

  @Test
  void aListedNameThatResolvesToAnInternalAddressIsRefused() {
    OutboundPolicy policy = server(List.of(), List.of("http://localhost:" + port()));

    assertThat(readFails(policy, "{\"Url\":\"http://localhost:" + port() + "/items\"}"))
        .contains("resolves to an internal address");
    assertThat(hits).hasValue(0);
  }

  @Test
  void aListedAddressIsFetchedButHttpsIsTheDefault() throws Exception {
    OutboundPolicy listed = server(List.of(), List.of("http://127.0.0.1:" + port()));
    OutboundPolicy httpsOnly = server(List.of(), List.of("127.0.0.1:" + port()));

    JsonNode items =
        new ItemSource(listed).read(reader("{\"Url\":\"http://127.0.0.1:" + port() + "/items\"}"));
    assertThat(Json.write(items)).isEqualTo("[4,5]");
    assertThat(readFails(httpsOnly, "{\"Url\":\"http://127.0.0.1:" + port() + "/items\"}"))
        .contains("not listed in stepwise.outbound.allowed-hosts");
  }

  @Test
  void redirectsAreCheckedHopByHop() {
    OutboundPolicy policy = server(List.of(), List.of("http://127.0.0.1:" + port()));

    assertThat(readFails(policy, "{\"Url\":\"http://127.0.0.1:" + port() + "/to-metadata\"}"))
        .startsWith("http://169.254.169.254/latest/meta-data is out of reach");
    assertThat(readFails(policy, "{\"Url\":\"http://127.0.0.1:" + port() + "/to-localhost\"}"))
        .startsWith("http://localhost:" + port() + "/items is out of reach");
    assertThat(hits).hasValue(2);
  }

  @Test
  void wildcardEntriesNameSubdomainsOnly() {
    HostRule rule = HostRule.parse("*.example.com");

    assertThat(rule.matches(java.net.URI.create("https://api.example.com/x"))).isTrue();
    assertThat(rule.matches(java.net.URI.create("https://a.b.example.com/x"))).isTrue();
    assertThat(rule.matches(java.net.URI.create("https://example.com/x"))).isFalse();
    assertThat(rule.matches(java.net.URI.create("https://evilexample.com/x"))).isFalse();
    assertThat(rule.matches(java.net.URI.create("http://api.example.com/x"))).isFalse();
  }

  @Test
  void internalAddressesIncludeTheMetadataServices() throws Exception {
    for (String internal :
        List.of(
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00:ec2::254",
            "fe80::1",
            "::ffff:127.0.0.1",
            "64:ff9b::a9fe:a9fe")) {
      assertThat(InternalAddresses.isInternal(InetAddress.getByName(internal)))
          .as(internal)
          .isTrue();
    }
    assertThat(InternalAddresses.isInternal(InetAddress.getByName("93.184.216.34"))).isFalse();
  }

  /**
   * IPv6 transition forms carry an IPv4 address a host's resolver may route to: 6to4 (2002::/16,
   * the address in bits 16-47), Teredo (2001::/32, the server in bits 32-63 and the client's
   * address inverted in the last 32), local-use NAT64 (64:ff9b:1::/48, RFC 8215), and the
   * documentation and discard-only prefixes, which no public service uses.
   */
  @Test
  void ipv6TransitionFormsOfInternalAddressesAreInternal() throws Exception {
    for (String internal :
        List.of(
            "2002:a9fe:a9fe::1", // 6to4 of 169.254.169.254
            "2002:7f00:1::", // 6to4 of 127.0.0.1
            "2002:0a00:0001::5", // 6to4 of 10.0.0.1
            "2001:0:5db8:2b4::ffff:fffe", // Teredo, server 93.184.2.180, client 0.0.0.1 inverted
            "2001:0:5db8:2b4::5601:5601", // Teredo, client 169.254.169.254 inverted (a9fe→5601)
            "2001:0:7f00:1::6b48:57cb", // Teredo, server 127.0.0.1
            "64:ff9b:1::a9fe:a9fe", // local-use NAT64
            "2001:db8::1", // documentation
            "100::1")) { // discard-only
      assertThat(InternalAddresses.isInternal(InetAddress.getByName(internal)))
          .as(internal)
          .isTrue();
    }
    for (String external :
        List.of("2002:5db8:d822::1", "2001:0:5db8:d822::a247:27dd", "2606:4700:4700::1111")) {
      assertThat(InternalAddresses.isInternal(InetAddress.getByName(external)))
          .as(external)
          .isFalse();
    }
  }

  private static String writeFails(OutboundPolicy policy, String parameters) {
    try {
      new ResultSink(policy)
          .write(
              Json.parseTrusted("{\"Parameters\":" + parameters + "}"),
              "arn:aws:states:us-east-1:123456789012:mapRun:sm/m:run1",
              Json.parseTrusted("[1]"));
    } catch (ResultSink.ResultWriterException e) {
      return e.getMessage();
    }
    throw new AssertionError("wrote " + parameters);
  }

  @Test
  void resultWritersWriteOnlyIntoTheStore() throws Exception {
    assertThat(writeFails(server(), "{\"Url\":\"" + data.resolve("security").toUri() + "\"}"))
        .contains("this server reads and writes no file: URLs");
    assertThat(writeFails(server(), "{\"Url\":\"https://example.com/results\"}"))
        .contains("a ResultWriter writes to the object store or a file: URL");
    assertThat(writeFails(server(), "{\"Bucket\":\"../security\",\"Prefix\":\"x\"}"))
        .contains("outside the object store");
    Files.createSymbolicLink(store.resolve("out"), data.resolve("security"));
    assertThat(writeFails(server(), "{\"Bucket\":\"out\",\"Prefix\":\"x\"}"))
        .contains("outside the object store");
    assertThat(Files.exists(data.resolve("security/x"))).isFalse();

    JsonNode written =
        new ResultSink(server())
            .write(
                Json.parseTrusted("{\"Parameters\":{\"Bucket\":\"bucket\",\"Prefix\":\"res\"}}"),
                "arn:aws:states:us-east-1:123456789012:mapRun:sm/m:run1",
                Json.parseTrusted("[1]"));
    assertThat(written.path("Key").asText()).isEqualTo("res/run1/manifest.json");
    assertThat(store.resolve("bucket/res/run1/manifest.json")).exists();
  }

  /**
   * A NUL in a bucket, key or prefix is no path at all: before, the file system's
   * InvalidPathException escaped the reader, and on the server the execution stayed RUNNING while
   * the recovery sweep tried the Map again forever.
   */
  @Test
  void namesThatAreNoPathAreRefusedAsTheMapsFailure() throws Exception {
    assertThat(readFails(server(), "{\"Bucket\":\"a\\u0000b\",\"Key\":\"items.json\"}"))
        .isEqualTo("s3://a\\u0000b/items.json is out of reach: it is not a valid object name");
    assertThat(readFails(server(), "{\"Bucket\":\"bucket\",\"Key\":\"items.json\\u0000\"}"))
        .contains("is out of reach: it is not a valid object name");
    assertThat(
            readFails(
                server(),
                "{\"Bucket\":\"bucket\",\"Prefix\":\"\\u0000\"}",
                "arn:aws:states:::s3:listObjectsV2"))
        .contains("is out of reach: it is not a valid object name");
    assertThat(writeFails(server(), "{\"Bucket\":\"bucket\",\"Prefix\":\"p\\u0000\"}"))
        .contains("is out of reach: it is not a valid object name");
    assertThat(readFails(server(), "{\"Url\":\"file:///etc/pass%00wd\"}"))
        .contains("is out of reach");
  }

  @Test
  void theCommandLineKeepsItsLocalFiles() throws Exception {
    Path mine = data.resolve("mine.json");
    Files.writeString(mine, "[9]");

    JsonNode items =
        new ItemSource(OutboundPolicy.local(store))
            .read(reader("{\"Url\":\"" + mine.toUri() + "\"}"));

    assertThat(Json.write(items)).isEqualTo("[9]");
  }

  @Test
  void aRunThatReachesNothingRefusesEvenTheStore() {
    OutboundPolicy none = OutboundPolicy.none("a replay reads nothing");

    assertThat(readFails(none, "{\"Bucket\":\"bucket\",\"Key\":\"items.json\"}"))
        .isEqualTo("s3://bucket/items.json is out of reach: a replay reads nothing");
    assertThatThrownBy(() -> none.fetch("https://example.com/"))
        .isInstanceOf(OutboundRefused.class);
  }
}
