package io.stepwise.api.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * What a caller gets when the database cannot be reached mid-request: a 503 ServiceUnavailable in
 * AWS's error shape, which SDKs retry; any other unexpected failure stays a 500 InternalFailure.
 * (The real outage, a PostgreSQL restart and a network blip, is cluster's DatabaseOutageIT.)
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class DatabaseOutageAnswerTest {
  /** Test-only operations that fail the way a request fails while PostgreSQL is away. */
  @ApplicationScoped
  public static class FailingActions implements ActionFamily {
    @Override
    public Map<String, Action> actions() {
      return Map.of(
          "TestLostConnection",
          Action.read(
              r -> {
                throw new CompletionException(ClosedConnectionException.INSTANCE);
              }),
          "TestDatabaseStartingUp",
          Action.read(
              r -> {
                throw new CompletionException(
                    new PgException("the database system is starting up", "FATAL", "57P03", null));
              }),
          "TestBug",
          Action.read(
              r -> {
                throw new IllegalStateException("a bug");
              }));
    }
  }

  final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> call(String action) throws Exception {
    return http.send(
        HttpRequest.newBuilder(Sfn.endpoint().resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "AWSStepFunctions." + action)
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anUnreachableDatabaseIsARetryableServiceUnavailable() throws Exception {
    for (String action : new String[] {"TestLostConnection", "TestDatabaseStartingUp"}) {
      HttpResponse<String> r = call(action);
      assertThat(r.statusCode()).as(action).isEqualTo(503);
      assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("ServiceUnavailable");
      assertThat(r.body())
          .contains("\"__type\":\"com.amazon.coral.availability#ServiceUnavailable\"")
          .contains("retry the request")
          .doesNotContain("Exception", "57P03", "\tat ");
    }
  }

  @Test
  void anyOtherFailureStaysAnInternalFailure() throws Exception {
    HttpResponse<String> r = call("TestBug");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("InternalFailure").doesNotContain("a bug");
  }
}
