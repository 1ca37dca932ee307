package io.stepwise.api;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.stepwise.api.postgres.DatabaseUrls;
import io.stepwise.api.postgres.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Stepwise server's entry point: reads {@code --port}, {@code --data} and the {@code
 * STEPWISE_*} environment, starts the embedded PostgreSQL when no database is configured, and then
 * boots Quarkus with the resulting datasource. Settings become system properties because Quarkus
 * reads them at boot, after this method chose them.
 */
@QuarkusMain
public final class StepwiseServer {
  private StepwiseServer() {}

  public static void main(String... args) {
    Map<String, String> env = System.getenv();
    String port = env.getOrDefault("STEPWISE_HTTP_PORT", null);
    String host = env.getOrDefault("STEPWISE_HTTP_HOST", null);
    String data = env.getOrDefault("STEPWISE_DATA", "data");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = value(args, ++i, "--port");
        case "--data" -> data = value(args, ++i, "--data");
        case "--host" -> host = value(args, ++i, "--host");
        case "--insecure-bind" ->
            System.setProperty("stepwise.security.allow-insecure-bind", "true");
        case "-h", "--help" -> {
          System.out.println(
              "Usage: stepwise server [--port N] [--data DIR] [--host ADDRESS] [--insecure-bind]\n"
                  + "  --insecure-bind lets a server without an identity provider listen beyond"
                  + " localhost (not recommended);\n"
                  + "  STEPWISE_HTTP_PORT, STEPWISE_HTTP_HOST, STEPWISE_DATA as alternatives;\n"
                  + "  STEPWISE_DB_URL (jdbc:postgresql://...), STEPWISE_DB_USER, STEPWISE_DB_PASSWORD"
                  + " for an external PostgreSQL instead of the embedded one.");
          return;
        }
        default -> {
          System.err.println("stepwise server: unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    if (port != null) System.setProperty("quarkus.http.port", port);
    if (host != null) System.setProperty("quarkus.http.host", host);
    // The security package keeps its keys and the local admin's credentials under the data folder.
    System.setProperty("stepwise.data", data);
    configureDatabase(env, data);
    Quarkus.run(args);
  }

  private static void configureDatabase(Map<String, String> env, String data) {
    if (System.getProperty("quarkus.datasource.reactive.url") != null) return;
    String url = env.get("STEPWISE_DB_URL");
    if (url != null && !url.isBlank()) {
      System.setProperty("quarkus.datasource.jdbc.url", url);
      System.setProperty("quarkus.datasource.reactive.url", DatabaseUrls.reactive(url));
      System.setProperty(
          "quarkus.datasource.username", env.getOrDefault("STEPWISE_DB_USER", "postgres"));
      if (env.get("STEPWISE_DB_PASSWORD") != null) {
        System.setProperty("quarkus.datasource.password", env.get("STEPWISE_DB_PASSWORD"));
      }
      System.setProperty(
          "stepwise.database.description", "PostgreSQL at " + DatabaseUrls.printable(url));
      return;
    }
    Path dir = Path.of(data).toAbsolutePath().normalize();
    // Quarkus configures logging only when it boots; until then keep zonky's chatter quiet.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
    java.util.logging.Logger.getLogger("java.lang.ProcessBuilder")
        .setLevel(java.util.logging.Level.WARNING);
    int dbPort = Integer.parseInt(env.getOrDefault("STEPWISE_DB_PORT", "0"));
    EmbeddedDatabase db = EmbeddedDatabase.start(dir, dbPort);
    Runtime.getRuntime().addShutdownHook(new Thread(db::close, "stepwise-embedded-postgres-stop"));
    System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
    System.setProperty("quarkus.datasource.reactive.url", db.reactiveUrl());
    System.setProperty("quarkus.datasource.username", db.user());
    System.setProperty(
        "stepwise.database.description",
        "embedded PostgreSQL on localhost:" + db.port() + ", data in " + dir.resolve("postgres"));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      System.err.println("stepwise server: " + option + " needs a value");
      System.exit(2);
    }
    return args[i];
  }
}
