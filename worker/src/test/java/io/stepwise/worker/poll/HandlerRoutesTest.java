package io.stepwise.worker.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.worker.example.GreetingHandler;
import io.stepwise.worker.http.HttpInvokeHandler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerRoutesTest {

  private final HttpInvokeHandler http = new HttpInvokeHandler(Map.of(), "us-east-1");
  private final HandlerRoutes routes =
      HandlerRoutes.load(getClass().getClassLoader(), List.of(http));

  @Test
  void findsJavaHandlersWithTheServiceLoader() {
    assertThat(routes.names()).containsExactly(HttpInvokeHandler.RESOURCE, "greet");
  }

  @Test
  void routesFunctionArnsBareNamesAndActivitiesByFunctionName() {
    for (String resource :
        List.of(
            "greet",
            "arn:aws:lambda:us-east-1:123456789012:function:greet",
            "arn:aws:lambda:eu-west-1:123456789012:function:greet:live",
            "arn:aws:states:us-east-1:123456789012:activity:greet")) {
      assertThat(routes.forResource(resource)).get().isInstanceOf(GreetingHandler.class);
    }
    assertThat(routes.forResource(HttpInvokeHandler.RESOURCE)).containsSame(http);
    assertThat(routes.forResource("arn:aws:lambda:us-east-1:1:function:other")).isEmpty();
  }

  @Test
  void refusesTwoHandlersWithOneName() {
    assertThatThrownBy(
            () -> new HandlerRoutes(List.of(new GreetingHandler(), new GreetingHandler())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("greet");
  }
}
