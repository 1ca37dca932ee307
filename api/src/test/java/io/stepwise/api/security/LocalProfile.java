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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Security on in local mode (no identity provider), with a fresh data folder so the admin password
 * and access key are generated; the start-up output is kept for the test to read the password.
 */
public class LocalProfile implements QuarkusTestProfile {
  public static final String DATA = "target/security-local-data";
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
        "quarkus.oidc.tenant-enabled", "false");
  }

  /** The start-up output so far. */
  static String output() {
    synchronized (OUTPUT) {
      return OUTPUT.toString(StandardCharsets.UTF_8);
    }
  }

  /** The local admin's generated password, as the server printed it at start. */
  public static String adminPassword() {
    Matcher m = Pattern.compile("/auth/login as admin with password (\\S+)").matcher(output());
    if (!m.find()) throw new AssertionError("the generated password is printed at start");
    return m.group(1);
  }

  /** An SDK client signing with the admin's generated access key (DATA/security/credentials). */
  public static SfnClient adminSfn() throws IOException {
    String text = Files.readString(Path.of(DATA, "security", "credentials"));
    String id = text.replaceAll("(?s).*aws_access_key_id = (\\S+).*", "$1");
    String secret = text.replaceAll("(?s).*aws_secret_access_key = (\\S+).*", "$1");
    return SfnClient.builder()
        .endpointOverride(Sfn.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** Signs the browser in as the local admin on the sign-in page. */
  public static void signIn(WebDriver driver, WebDriverWait wait) {
    String app = Sfn.endpoint().toString().replaceAll("/$", "");
    driver.get(app + "/auth/login");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.name("password")));
    driver.findElement(By.name("username")).clear();
    driver.findElement(By.name("username")).sendKeys("admin");
    driver.findElement(By.name("password")).sendKeys(adminPassword());
    WebElement button = driver.findElement(By.id("sign-in"));
    button.click();
    wait.until(ExpectedConditions.stalenessOf(button));
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
