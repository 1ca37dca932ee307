package io.stepwise.api;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Prints, once the server is up, where it listens, which database it uses and how to log in. */
class StartupBanner {
  void onStart(
      @Observes StartupEvent event,
      @ConfigProperty(name = "quarkus.http.host", defaultValue = "localhost") String host,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
      @ConfigProperty(
              name = "stepwise.database.description",
              defaultValue = "the configured PostgreSQL")
          String database) {
    String shown = host.equals("0.0.0.0") ? "localhost" : host;
    System.out.println(
        "Stepwise is listening on http://"
            + shown
            + ":"
            + port
            + " (AWS Step Functions API: POST /)");
    System.out.println("Database: " + database);
    // How to sign in is printed by the security package (local admin or the identity provider).
  }
}
