package io.stepwise.api.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;
import software.amazon.awssdk.services.sfn.model.ValidationException;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class StateMachineActionsTest {
  static final String PASS =
      "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
  static final String PASS2 =
      "{\"StartAt\":\"Q\",\"States\":{\"Q\":{\"Type\":\"Pass\",\"Result\":1,\"End\":true}}}";

  final SfnClient sfn = Sfn.client();

  @Test
  void createsDescribesUpdatesAndDeletesAStateMachine() {
    String name = Sfn.unique("crud");
    CreateStateMachineResponse created =
        sfn.createStateMachine(b -> b.name(name).definition(PASS).roleArn(Sfn.ROLE));
    assertThat(created.stateMachineArn())
        .isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:" + name);
    assertThat(created.creationDate()).isNotNull();

    DescribeStateMachineResponse d =
        sfn.describeStateMachine(b -> b.stateMachineArn(created.stateMachineArn()));
    assertThat(d.name()).isEqualTo(name);
    assertThat(d.definition()).isEqualTo(PASS);
    assertThat(d.typeAsString()).isEqualTo("STANDARD");
    assertThat(d.statusAsString()).isEqualTo("ACTIVE");
    assertThat(d.roleArn()).isEqualTo(Sfn.ROLE);

    sfn.updateStateMachine(b -> b.stateMachineArn(created.stateMachineArn()).definition(PASS2));
    assertThat(
            sfn.describeStateMachine(b -> b.stateMachineArn(created.stateMachineArn()))
                .definition())
        .isEqualTo(PASS2);

    sfn.deleteStateMachine(b -> b.stateMachineArn(created.stateMachineArn()));
    assertThatThrownBy(
            () -> sfn.describeStateMachine(b -> b.stateMachineArn(created.stateMachineArn())))
        .isInstanceOf(StateMachineDoesNotExistException.class);
  }

  @Test
  void creatingTheSameMachineTwiceIsIdempotentButADifferentDefinitionIsRefused() {
    String name = Sfn.unique("idem");
    String first =
        sfn.createStateMachine(b -> b.name(name).definition(PASS).roleArn(Sfn.ROLE))
            .stateMachineArn();
    String again =
        sfn.createStateMachine(b -> b.name(name).definition(PASS).roleArn(Sfn.ROLE))
            .stateMachineArn();
    assertThat(again).isEqualTo(first);
    assertThatThrownBy(
            () -> sfn.createStateMachine(b -> b.name(name).definition(PASS2).roleArn(Sfn.ROLE)))
        .isInstanceOf(StateMachineAlreadyExistsException.class);
  }

  @Test
  void refusesInvalidDefinitionsNamesAndArnsWithAwsErrors() {
    assertThatThrownBy(
            () ->
                sfn.createStateMachine(
                    b ->
                        b.name(Sfn.unique("bad"))
                            .definition("{\"StartAt\":\"X\"}")
                            .roleArn(Sfn.ROLE)))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("Invalid State Machine Definition");
    assertThatThrownBy(
            () ->
                sfn.createStateMachine(b -> b.name("has space").definition(PASS).roleArn(Sfn.ROLE)))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(
            () ->
                sfn.createStateMachine(
                    b -> b.name("x".repeat(81)).definition(PASS).roleArn(Sfn.ROLE)))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(
            () ->
                sfn.createStateMachine(
                    b -> b.name(Sfn.unique("r")).definition(PASS).roleArn("nope")))
        .isInstanceOf(InvalidArnException.class);
    assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn("not-an-arn")))
        .isInstanceOf(InvalidArnException.class);
    String huge =
        "{\"StartAt\":\"P\",\"Comment\":\""
            + "x".repeat(1024 * 1024)
            + "\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";
    assertThatThrownBy(
            () ->
                sfn.createStateMachine(
                    b -> b.name(Sfn.unique("huge")).definition(huge).roleArn(Sfn.ROLE)))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void listsStateMachinesPageByPage() {
    for (int i = 0; i < 3; i++) Sfn.createMachine(sfn, PASS);
    Set<String> seen = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListStateMachinesResponse page = sfn.listStateMachines(b -> b.maxResults(2).nextToken(t));
      assertThat(page.stateMachines()).hasSizeLessThanOrEqualTo(2);
      page.stateMachines().forEach(m -> assertThat(seen.add(m.stateMachineArn())).isTrue());
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(seen.size()).isGreaterThanOrEqualTo(3);
    assertThat(pages).isGreaterThanOrEqualTo(2);
  }

  @Test
  void validatesADefinitionWithAwsDiagnostics() {
    ValidateStateMachineDefinitionResponse ok =
        sfn.validateStateMachineDefinition(b -> b.definition(PASS));
    assertThat(ok.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
    assertThat(ok.diagnostics()).isEmpty();
    ValidateStateMachineDefinitionResponse bad =
        sfn.validateStateMachineDefinition(b -> b.definition("{\"StartAt\":\"X\",\"States\":{}}"));
    assertThat(bad.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
    assertThat(bad.diagnostics()).isNotEmpty();
    assertThat(bad.diagnostics().getFirst().code()).isNotBlank();
  }

  @Test
  void createsExpressMachines() {
    String arn = Sfn.createMachine(sfn, PASS, StateMachineType.EXPRESS);
    assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(arn)).type())
        .isEqualTo(StateMachineType.EXPRESS);
  }
}
