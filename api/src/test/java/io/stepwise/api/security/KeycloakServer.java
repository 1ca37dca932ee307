package io.stepwise.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak for the security tests, started once per test JVM with deploy/keycloak's realm
 * and stopped when the JVM ends. The distribution comes from the local Maven repository (.ci/run
 * downloads it; this class runs {@code mvnw dependency:copy} once if it is missing) and is unpacked
 * under target. When it cannot start, {@link #failure()} says why and the tests skip (with CI=true
 * they fail instead).
 */
final class KeycloakServer {
  static final String VERSION = "26.7.3";
  static final String REALM = "stepwise";
  static final String CLIENT = "stepwise";
  static final String SECRET = "stepwise-quickstart-secret-change-me";
  private static String url;
  private static String failure;
  private static Process process;

  private KeycloakServer() {}

  /** The base URL (http://localhost:PORT), starting Keycloak on first use; null if it failed. */
  static synchronized String url() {
    if (url == null && failure == null) {
      try {
        url = start();
      } catch (Exception e) {
        failure = e.toString();
        if ("true".equals(System.getenv("CI")))
          throw new IllegalStateException("Keycloak: " + e, e);
      }
    }
    return url;
  }

  static String failure() {
    return failure;
  }

  static String issuer() {
    return url() + "/realms/" + REALM;
  }

  /** An access token for a realm user (the password grant, as a script would get one). */
  static String token(String user) {
    String form =
        "grant_type=password&client_id="
            + CLIENT
            + "&client_secret="
            + enc(SECRET)
            + "&username="
            + enc(user)
            + "&password="
            + enc(user + "-password")
            + "&scope=openid";
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .POST(HttpRequest.BodyPublishers.ofString(form))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode body = Json.parse(r.body());
      if (!body.hasNonNull("access_token")) throw new IllegalStateException(r.body());
      return body.get("access_token").asText();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String start() throws Exception {
    Path target = Path.of("target").toAbsolutePath();
    Path home = target.resolve("keycloak-" + VERSION);
    if (!Files.exists(home.resolve("bin/kc.sh"))) unzip(distribution(), target);
    home.resolve("bin/kc.sh").toFile().setExecutable(true);
    Path data = home.resolve("data");
    deleteTree(data);
    Path imports = Files.createDirectories(data.resolve("import"));
    String realm =
        Files.readString(Path.of("..", "deploy", "keycloak", "stepwise-realm.json"))
            .replace("\"http://localhost:8080/*\"", "\"*\"");
    Files.writeString(imports.resolve("stepwise-realm.json"), realm);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-port=" + port,
                "--import-realm",
                "--hostname-strict=false")
            .redirectErrorStream(true)
            .redirectOutput(target.resolve("keycloak.log").toFile());
    Map<String, String> env = pb.environment();
    env.put("JAVA_HOME", javaHome());
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
    env.put("JAVA_OPTS_APPEND", "-Xms64m -Xmx512m");
    process = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(KeycloakServer::stop, "keycloak-stop"));
    String base = "http://localhost:" + port;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(600).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive())
        throw new IllegalStateException("Keycloak exited; see target/keycloak.log");
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(base + "/realms/" + REALM + "/.well-known/openid-configuration"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) return base;
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    stop();
    throw new IllegalStateException(
        "Keycloak did not become ready in 600 s; see target/keycloak.log");
  }

  static void stop() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroy();
      try {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
  }

  private static String javaHome() {
    String self = System.getProperty("java.home");
    if (Runtime.version().feature() >= 21) return self;
    return "/usr/lib/jvm/temurin-25-jdk-amd64";
  }

  private static Path distribution() throws Exception {
    Path m2 =
        Path.of(
            System.getProperty("user.home"),
            ".m2",
            "repository",
            "org",
            "keycloak",
            "keycloak-quarkus-dist",
            VERSION,
            "keycloak-quarkus-dist-" + VERSION + ".zip");
    if (Files.exists(m2)) return m2;
    Process p =
        new ProcessBuilder(
                Path.of("..", "mvnw").toAbsolutePath().toString(),
                "-B",
                "-q",
                "dependency:get",
                "-Dartifact=org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip")
            .inheritIO()
            .start();
    if (p.waitFor() != 0 || !Files.exists(m2)) {
      throw new IllegalStateException("cannot download keycloak-quarkus-dist " + VERSION);
    }
    return m2;
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        Path out = into.resolve(e.getName()).normalize();
        if (!out.startsWith(into)) throw new IOException("bad zip entry " + e.getName());
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(z, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
