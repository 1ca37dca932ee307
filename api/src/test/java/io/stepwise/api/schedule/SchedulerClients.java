package io.stepwise.api.schedule;

import io.stepwise.api.Sfn;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.Target;

/** The real AWS SDK v2 EventBridge Scheduler client, unmodified, pointed at the test server. */
final class SchedulerClients {
  static final FlexibleTimeWindow OFF =
      FlexibleTimeWindow.builder().mode(FlexibleTimeWindowMode.OFF).build();

  private SchedulerClients() {}

  static SchedulerClient client() {
    return client("test", "test");
  }

  static SchedulerClient client(String keyId, String secret) {
    return SchedulerClient.builder()
        .endpointOverride(Sfn.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** A target starting the machine, with the role every example gives. */
  static Target target(String machineArn) {
    return Target.builder().arn(machineArn).roleArn(Sfn.ROLE).build();
  }
}
