package io.stepwise.api;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/** The real AWS SDK for Java v2 client, pointed at the test server, and small helpers. */
public final class Sfn {
  public static final String ROLE = "arn:aws:iam::123456789012:role/stepwise-test";

  private Sfn() {}

  public static URI endpoint() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    return URI.create("http://localhost:" + port);
  }

  public static SfnClient client() {
    return builder().build();
  }

  /**
   * The client without the SDK's retries, so that a throttle or an outage shows as what the server
   * answered.
   */
  public static SfnClient clientWithoutRetries() {
    return builder()
        .overrideConfiguration(
            c ->
                c.retryPolicy(software.amazon.awssdk.core.retry.RetryPolicy.none())
                    .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
        .build();
  }

  private static software.amazon.awssdk.services.sfn.SfnClientBuilder builder() {
    return SfnClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        // StartSyncExecution goes to a "sync-" host prefix on AWS; here everything is one host.
        .overrideConfiguration(
            c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
        .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(70)));
  }

  /** A name no other test uses. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static String createMachine(SfnClient sfn, String definition) {
    return createMachine(sfn, definition, StateMachineType.STANDARD);
  }

  public static String createMachine(SfnClient sfn, String definition, StateMachineType type) {
    return sfn.createStateMachine(
            CreateStateMachineRequest.builder()
                .name(unique("sm"))
                .definition(definition)
                .roleArn(ROLE)
                .type(type)
                .build())
        .stateMachineArn();
  }

  /** Polls DescribeExecution until the execution leaves RUNNING or the time is up. */
  public static DescribeExecutionResponse awaitEnd(
      SfnClient sfn, String executionArn, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(executionArn));
      if (d.status() != ExecutionStatus.RUNNING || System.nanoTime() > deadline) return d;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return d;
      }
    }
  }
}
