package io.stepwise.api.arn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.engine.service.ServiceException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ARNs are read and written in one place: every kind reads back to itself and knows its owner. */
class ArnTest {
  private static final String P = "arn:aws:states:us-east-1:123456789012:";
  private final Arns arns = new Arns("us-east-1", "123456789012");

  @Test
  void everyKindReadsBackToTheSameTextAndKnowsItsOwner() {
    List<String[]> cases =
        List.of(
            new String[] {P + "stateMachine:orders", "STATE_MACHINE", P + "stateMachine:orders"},
            new String[] {P + "stateMachine:orders:3", "VERSION", P + "stateMachine:orders"},
            new String[] {P + "stateMachine:orders:live", "ALIAS", P + "stateMachine:orders"},
            new String[] {P + "execution:orders:run-1", "EXECUTION", P + "stateMachine:orders"},
            new String[] {
              P + "execution:orders/Items:0a1b-7", "EXECUTION", P + "stateMachine:orders"
            },
            new String[] {
              P + "express:orders:run-1:5f0c", "EXPRESS_EXECUTION", P + "stateMachine:orders"
            },
            new String[] {P + "mapRun:orders/Items:0a1b", "MAP_RUN", P + "stateMachine:orders"},
            new String[] {P + "activity:approve", "ACTIVITY", P + "activity:approve"});
    for (String[] c : cases) {
      Arn arn = Arn.parse(c[0]).orElseThrow(() -> new AssertionError(c[0]));
      assertThat(arn.toString()).isEqualTo(c[0]);
      assertThat(arn.kind().name()).as(c[0]).isEqualTo(c[1]);
      assertThat(arn.owner().toString()).as(c[0]).isEqualTo(c[2]);
    }
  }

  @Test
  void aMapRunWhoseLabelHoldsAColonKeepsItsRunIdLast() {
    Arn run = Arn.parse(P + "mapRun:orders/Step: one:0a1b").orElseThrow();
    assertThat(run.name()).isEqualTo("orders/Step: one");
    assertThat(run.qualifier()).isEqualTo("0a1b");
    assertThat(run.stateMachine().toString()).isEqualTo(P + "stateMachine:orders/Step: one");
    assertThat(run.toString()).isEqualTo(P + "mapRun:orders/Step: one:0a1b");
  }

  @Test
  void buildsThisInstallationsArns() {
    Arn machine = arns.stateMachine("orders");
    assertThat(machine.execution("run-1").toString()).isEqualTo(P + "execution:orders:run-1");
    assertThat(arns.qualified(machine, "7").kind()).isEqualTo(Arn.Kind.VERSION);
    assertThat(arns.qualified(machine, "live").toString())
        .isEqualTo(P + "stateMachine:orders:live");
    assertThat(arns.expressExecution("orders", "run-1", "5f0c").toString())
        .isEqualTo(P + "express:orders:run-1:5f0c");
  }

  @Test
  void refusesWhatIsNoArnOfThisInstallationWithInvalidArn() {
    for (String text :
        new String[] {
          null,
          "x",
          P + "stateMachine:",
          P + "stateMachine:orders:",
          P + "execution:orders",
          "arn:aws:states:eu-west-1:123456789012:stateMachine:orders",
          "arn:aws:states:us-east-1:999999999999:stateMachine:orders",
          "arn:aws:lambda:us-east-1:123456789012:function:orders",
          P + "activity:approve"
        }) {
      assertThatThrownBy(() -> arns.require(text, Arn.Kind.STATE_MACHINE))
          .as(String.valueOf(text))
          .isInstanceOf(ServiceException.class)
          .satisfies(e -> assertThat(((ServiceException) e).code()).isEqualTo("InvalidArn"));
    }
    assertThat(arns.require(P + "stateMachine:orders:2", Arn.Kind.VERSION).qualifier())
        .isEqualTo("2");
  }

  @Test
  void tellsAnActivityNameFromAResourceAWorkerServes() {
    assertThat(Arn.namesActivity(P + "activity:approve")).isTrue();
    assertThat(Arn.namesActivity(P + "activity:")).isTrue();
    assertThat(Arn.namesActivity("arn:aws:lambda:us-east-1:123456789012:function:f")).isFalse();
    assertThat(Arn.namesActivity("my-worker-queue")).isFalse();
  }
}
