package io.stepwise.web;

import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;
import io.stepwise.engine.asl.StateMachineType;

/**
 * What the pages' HTTP tests share: RestAssured as a browser's first request sees the server
 * (redirects not followed; paths sent as given, since {@code Paths} encodes ARNs already) and
 * machines made once in the in-memory services.
 */
abstract class PageRequests {
  static {
    RestAssured.config =
        RestAssured.config().redirect(RedirectConfig.redirectConfig().followRedirects(false));
    RestAssured.urlEncodingEnabled = false;
  }

  /** The machine's ARN, made with this definition unless a test made it before. */
  static String machine(String name, String definition) {
    return TestServices.MACHINES
        .describe("arn:aws:states:us-east-1:123456789012:stateMachine:" + name)
        .orElseGet(() -> TestServices.MACHINES.create(name, definition, StateMachineType.STANDARD))
        .arn();
  }
}
