package io.stepwise.api.postgres;

/**
 * Turns the JDBC URL a user configures ({@code STEPWISE_DB_URL}) into the URL of the reactive
 * PostgreSQL client, which takes the same address without the {@code jdbc:} prefix.
 */
public final class DatabaseUrls {
  private DatabaseUrls() {}

  public static String reactive(String jdbcUrl) {
    String url = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring("jdbc:".length()) : jdbcUrl;
    if (!url.startsWith("postgresql://")) {
      throw new IllegalArgumentException(
          "STEPWISE_DB_URL must look like jdbc:postgresql://HOST:PORT/DATABASE, not " + jdbcUrl);
    }
    return url;
  }

  /** The URL without credentials or parameters, fit to print. */
  public static String printable(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
  }
}
