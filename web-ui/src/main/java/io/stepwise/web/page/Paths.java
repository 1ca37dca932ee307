package io.stepwise.web.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The UI's stable URLs, built in one place so an ARN is always encoded as one path segment. */
public final class Paths {
  private Paths() {}

  public static String execution(String executionArn) {
    return "/executions/" + encode(executionArn);
  }

  /** A distributed Map's Map Run page. */
  public static String mapRun(String mapRunArn) {
    return "/map-runs/" + encode(mapRunArn);
  }

  public static String stateMachine(String name) {
    return "/state-machines/" + encode(name);
  }

  /**
   * A schedule's page, {@code /schedules/GROUP/NAME}, from its ARN ({@code
   * arn:aws:scheduler:…:schedule/GROUP/NAME}); group and name hold no character that needs
   * encoding, but they are encoded all the same.
   */
  public static String schedule(String scheduleArn) {
    String resource = scheduleArn.substring(scheduleArn.lastIndexOf(':') + 1);
    String[] parts = resource.split("/");
    return "/schedules/" + encode(parts[1]) + "/" + encode(parts[2]);
  }

  /** A path segment or query value, percent-encoded. */
  public static String encode(String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
