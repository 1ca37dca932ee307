package io.stepwise.api.security;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.stepwise.api.Sfn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Security on in local mode (no identity provider), with a fresh data folder so the admin password
 * and access key are generated; the start-up output is kept for the test to read the password.
 */
public class LocalProfile implements QuarkusTestProfile {
  public static final String DATA = "target/security-local-data";
  static final String METRICS_TOKEN = "a-test-scrape-token";
  static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(FreshData.class));
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "stepwise.security.enabled", "true",
        "stepwise.data", DATA,
        "quarkus.oidc.tenant-enabled", "false",
        "stepwise.security.metrics-token", METRICS_TOKEN,
        // Long enough that a slow machine cannot sleep through a wait between two attempts.
        "stepwise.security.sign-in-first-delay", "3s",
        // As behind a TLS-terminating proxy on this host: its X-Forwarded-* headers are believed.
        "quarkus.http.proxy.proxy-address-forwarding", "true",
        "quarkus.http.proxy.allow-x-forwarded", "true",
        "quarkus.http.proxy.trusted-proxies", "127.0.0.1,0:0:0:0:0:0:0:1");
  }

  /**
   * The local admin's password as the last start printed it (a new start of this profile empties
   * the data folder and prints a new one).
   */
  public static String adminPassword() {
    Matcher m = Pattern.compile("/auth/login as admin with password (\\S+)").matcher(output());
    String last = null;
    while (m.find()) last = m.group(1);
    if (last == null) throw new AssertionError("no admin password was printed at start");
    return last;
  }

  /** The local admin's access key, as the server wrote it into its credentials file. */
  public static AwsCredentials adminKey() {
    ProfileFile file =
        ProfileFile.builder()
            .content(Path.of(DATA, "security", "credentials"))
            .type(ProfileFile.Type.CREDENTIALS)
            .build();
    return ProfileCredentialsProvider.builder()
        .profileFile(file)
        .profileName("default")
        .build()
        .resolveCredentials();
  }

  /** The AWS SDK signing as the local admin. */
  public static SfnClient adminClient() {
    return SfnClient.builder()
        .endpointOverride(Sfn.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(adminKey()))
        .overrideConfiguration(c -> c.retryStrategy(s -> s.maxAttempts(1)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** Signs the browser in as the local admin on the sign-in page. */
  public static void signIn(WebDriver driver, WebDriverWait wait) {
    driver.get(Sfn.endpoint().toString().replaceAll("/$", "") + "/auth/login");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.name("password")));
    driver.findElement(By.name("username")).clear();
    driver.findElement(By.name("username")).sendKeys("admin");
    driver.findElement(By.name("password")).sendKeys(adminPassword());
    WebElement button = driver.findElement(By.id("sign-in"));
    button.click();
    wait.until(d -> isGone(button));
  }

  /**
   * Whether the page that held the element has been left. While the next page replaces it, Chrome
   * may answer "Node with given id does not belong to the document" instead of a stale element
   * (seen once in the full suite, failing a sign-in that had worked).
   */
  private static boolean isGone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (org.openqa.selenium.StaleElementReferenceException e) {
      return true;
    } catch (org.openqa.selenium.WebDriverException e) {
      if (String.valueOf(e.getMessage()).contains("does not belong to the document")) return true;
      throw e;
    }
  }

  /** The start-up output so far. */
  static String output() {
    synchronized (OUTPUT) {
      return OUTPUT.toString(StandardCharsets.UTF_8);
    }
  }

  /** Empties the data folder and copies standard output into {@link #OUTPUT} from now on. */
  public static class FreshData implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
      Path dir = Path.of(DATA);
      try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      PrintStream original = System.out;
      System.setOut(
          new PrintStream(
              new OutputStream() {
                @Override
                public void write(int b) {
                  original.write(b);
                  synchronized (OUTPUT) {
                    OUTPUT.write(b);
                  }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                  original.write(b, off, len);
                  synchronized (OUTPUT) {
                    OUTPUT.write(b, off, len);
                  }
                }
              },
              true,
              StandardCharsets.UTF_8));
      return Map.of();
    }

    @Override
    public void stop() {
      // The copy of standard output stays: later test classes only add to it.
    }
  }
}
