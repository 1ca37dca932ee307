package io.stepwise.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The cross-site request forger of the CSRF tests: pages served from another port of localhost
 * (same site, other origin, so {@code SameSite=Lax} cookies ride along) that post a form to
 * Stepwise as soon as they load.
 */
public final class AttackerSite implements AutoCloseable {
  private final Map<String, String> pages = new ConcurrentHashMap<>();
  private final HttpServer server;

  public AttackerSite() {
    try {
      server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          byte[] page =
              pages
                  .getOrDefault(exchange.getRequestURI().getPath(), "")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    server.start();
  }

  /** Serves {@code html} at {@code path}; the page's address. */
  public String page(String path, String html) {
    pages.put(path, html);
    return url(path);
  }

  public String url(String path) {
    return "http://localhost:" + server.getAddress().getPort() + path;
  }

  /** A page that posts a form to Stepwise's {@code path} as soon as it loads; its address. */
  public String forgedPost(String path, Map<String, String> fields, boolean multipart) {
    StringBuilder inputs = new StringBuilder();
    fields.forEach(
        (name, value) ->
            inputs
                .append("<input type=\"hidden\" name=\"")
                .append(name)
                .append("\" value=\"")
                .append(value.replace("&", "&amp;").replace("\"", "&quot;"))
                .append("\">"));
    String html =
        "<!DOCTYPE html><html><body><form id=\"f\" method=\"post\" action=\""
            + Sfn.endpoint()
            + path
            + "\""
            + (multipart ? " enctype=\"multipart/form-data\"" : "")
            + ">"
            + inputs
            + "</form><script>document.getElementById('f').submit()</script></body></html>";
    return page("/attack-" + pages.size(), html);
  }

  /** Opens an attacker's page and waits for Stepwise's answer to its form. */
  public static void visit(WebDriver driver, String url) {
    driver.get(url);
    // The trailing '/': an attacker's port that starts with the app's port does not match.
    String app = Sfn.endpoint().toString().replaceAll("/$", "") + "/";
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().startsWith(app));
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> !d.findElements(By.tagName("body")).isEmpty());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
