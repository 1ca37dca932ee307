package io.stepwise.api.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.Tag;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class TagActionsTest {
  final SfnClient sfn = Sfn.client();

  @Test
  void tagsStateMachinesAndActivitiesAndRemovesTags() {
    String machine =
        sfn.createStateMachine(
                b ->
                    b.name(Sfn.unique("tagged"))
                        .definition(
                            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")
                        .roleArn(Sfn.ROLE)
                        .tags(Tag.builder().key("team").value("a").build()))
            .stateMachineArn();
    sfn.tagResource(
        b -> b.resourceArn(machine).tags(Tag.builder().key("env").value("test").build()));
    assertThat(sfn.listTagsForResource(b -> b.resourceArn(machine)).tags())
        .extracting(Tag::key, Tag::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("env", "test"),
            org.assertj.core.groups.Tuple.tuple("team", "a"));
    sfn.untagResource(b -> b.resourceArn(machine).tagKeys("team"));
    assertThat(sfn.listTagsForResource(b -> b.resourceArn(machine)).tags())
        .extracting(Tag::key)
        .containsExactly("env");

    String activity = sfn.createActivity(b -> b.name(Sfn.unique("tagact"))).activityArn();
    sfn.tagResource(b -> b.resourceArn(activity).tags(Tag.builder().key("k").value("v").build()));
    assertThat(sfn.listTagsForResource(b -> b.resourceArn(activity)).tags()).hasSize(1);
  }

  @Test
  void taggingAMissingResourceIsResourceNotFound() {
    assertThatThrownBy(
            () ->
                sfn.listTagsForResource(
                    b -> b.resourceArn("arn:aws:states:us-east-1:123456789012:stateMachine:ghost")))
        .isInstanceOf(ResourceNotFoundException.class);
  }
}
