package io.stepwise.api.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The event pattern matcher against the examples of EventBridge's user guide, "Content filtering in
 * Amazon EventBridge event patterns" and "Comparison operators for use in event patterns" (their
 * example event, an EC2 state change, and the operators' examples), then against Step Functions'
 * own event as this server writes it.
 */
class EventPatternTest {
  /** The example event of EventBridge's content-filtering page (fields the examples use). */
  private static final String EC2_EVENT =
      """
      {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718",
       "detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
       "account":"111122223333","time":"2017-12-22T18:43:48Z","region":"us-west-1",
       "resources":["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
       "detail":{"instance-id":"i-1234567890abcdef0","state":"terminated",
                 "c-count":5,"d-count":3,"x-limit":301.8,"source-ip":"10.0.0.33",
                 "FileName":"photo.PNG","Location":"New York","Day":"Monday",
                 "Price":null,"LastName":"","Tags":["red","blue"]}}
      """;

  private static boolean matches(String pattern, String event) throws Exception {
    return EventPattern.compile(Json.parse(pattern)).matches(Json.parse(event));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // exact, and (all fields) / or (any value)
        "{\"source\":[\"aws.ec2\"]}|true",
        "{\"source\":[\"aws.s3\"]}|false",
        "{\"source\":[\"aws.s3\",\"aws.ec2\"]}|true",
        "{\"detail\":{\"Location\":[\"New York\"],\"Day\":[\"Monday\"]}}|true",
        "{\"detail\":{\"Location\":[\"New York\"],\"Day\":[\"Tuesday\"]}}|false",
        // a field that is missing never matches a value
        "{\"detail\":{\"no-such-field\":[\"x\"]}}|false",
        // prefix (the guide's time example) and prefix ignoring case
        "{\"time\":[{\"prefix\":\"2017-12-22\"}]}|true",
        "{\"region\":[{\"prefix\":\"us-\"}]}|true",
        "{\"region\":[{\"prefix\":\"ca-\"}]}|false",
        "{\"detail-type\":[{\"prefix\":{\"equals-ignore-case\":\"ec2 instance\"}}]}|true",
        // suffix, and ignoring case (FileName .png)
        "{\"detail\":{\"FileName\":[{\"suffix\":\".png\"}]}}|false",
        "{\"detail\":{\"FileName\":[{\"suffix\":{\"equals-ignore-case\":\".png\"}}]}}|true",
        "{\"detail\":{\"state\":[{\"equals-ignore-case\":\"TERMINATED\"}]}}|true",
        // anything-but: a value, a list, a number, a prefix, a suffix
        "{\"detail\":{\"state\":[{\"anything-but\":\"initializing\"}]}}|true",
        "{\"detail\":{\"state\":[{\"anything-but\":[\"stopped\",\"terminated\"]}]}}|false",
        "{\"detail\":{\"x-limit\":[{\"anything-but\":123}]}}|true",
        "{\"detail\":{\"c-count\":[{\"anything-but\":[5,6]}]}}|false",
        "{\"region\":[{\"anything-but\":{\"prefix\":\"us-\"}}]}|false",
        "{\"detail\":{\"FileName\":[{\"anything-but\":{\"suffix\":\".png\"}}]}}|true",
        "{\"detail\":{\"state\":[{\"anything-but\":{\"equals-ignore-case\":\"TERMINATED\"}}]}}|false",
        // anything-but does not match a missing field
        "{\"detail\":{\"no-such-field\":[{\"anything-but\":\"x\"}]}}|false",
        // numeric (the guide's c-count, d-count and x-limit example)
        "{\"detail\":{\"c-count\":[{\"numeric\":[\">\",0,\"<=\",5]}],\"d-count\":[{\"numeric\":[\"<\",10]}],\"x-limit\":[{\"numeric\":[\"=\",3.018e2]}]}}|true",
        "{\"detail\":{\"c-count\":[{\"numeric\":[\">\",5]}]}}|false",
        "{\"detail\":{\"c-count\":[{\"numeric\":[\">=\",5,\"<\",6]}]}}|true",
        // numeric never matches a string
        "{\"detail\":{\"state\":[{\"numeric\":[\">\",0]}]}}|false",
        // exists
        "{\"detail\":{\"state\":[{\"exists\":true}]}}|true",
        "{\"detail\":{\"state\":[{\"exists\":false}]}}|false",
        "{\"detail\":{\"no-such-field\":[{\"exists\":false}]}}|true",
        "{\"detail\":{\"no-such-field\":[{\"exists\":true}]}}|false",
        // null and empty values (the guide's 'Empty' and 'Null' rows)
        "{\"detail\":{\"Price\":[null]}}|true",
        "{\"detail\":{\"LastName\":[\"\"]}}|true",
        "{\"detail\":{\"LastName\":[null]}}|false",
        // an array in the event matches when any element does
        "{\"detail\":{\"Tags\":[\"blue\"]}}|true",
        "{\"detail\":{\"Tags\":[\"green\"]}}|false",
        "{\"resources\":[{\"prefix\":\"arn:aws:ec2:us-west-1:\"}]}|true",
        // wildcard
        "{\"resources\":[{\"wildcard\":\"arn:aws:ec2:*:instance/*\"}]}|true",
        "{\"resources\":[{\"wildcard\":\"arn:aws:s3:*\"}]}|false",
        // $or (the guide's example: one condition or the other)
        "{\"detail\":{\"$or\":[{\"c-count\":[{\"numeric\":[\">\",10]}]},{\"d-count\":[{\"numeric\":[\"<\",5]}]}]}}|true",
        "{\"detail\":{\"$or\":[{\"c-count\":[{\"numeric\":[\">\",10]}]},{\"d-count\":[{\"numeric\":[\">\",5]}]}]}}|false",
        // a pattern object where the event has a value, and the other way round
        "{\"source\":{\"x\":[\"aws.ec2\"]}}|false",
        "{\"detail\":[\"x\"]}|false"
      })
  void theGuidesExamples(String pattern, boolean expected) throws Exception {
    assertThat(matches(pattern, EC2_EVENT)).isEqualTo(expected);
  }

  @Test
  void stepFunctionsStatusChangesByStatusAndMachine() throws Exception {
    String failed =
        """
        {"source":"aws.states","detail-type":"Step Functions Execution Status Change",
         "detail":{"status":"FAILED","redriveCount":0,
                   "stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:orders"}}
        """;
    String pattern =
        """
        {"source":["aws.states"],
         "detail":{"status":["FAILED","TIMED_OUT"],
                   "stateMachineArn":[{"prefix":"arn:aws:states:us-east-1:123456789012:stateMachine:ord"}]}}
        """;
    assertThat(matches(pattern, failed)).isTrue();
    assertThat(matches(pattern, failed.replace("FAILED", "SUCCEEDED"))).isFalse();
    assertThat(matches("{}", failed)).isTrue();
  }

  @Test
  void aBadPatternSaysWhereAndWhat() {
    String[][] bad = {
      {"[]", "must be a JSON object"},
      {"{\"source\":\"aws.states\"}", "$.source must be an object or an array"},
      {"{\"detail\":{\"status\":[]}}", "$.detail.status must list at least one value"},
      {"{\"detail\":{\"n\":[{\"numeric\":[\">\"]}]}}", "numeric takes one or two comparisons"},
      {"{\"detail\":{\"n\":[{\"numeric\":[\"~\",1]}]}}", "= < <= > >="},
      {"{\"ip\":[{\"cidr\":\"10.0.0.0/24\"}]}", "unsupported operator 'cidr'"},
      {"{\"x\":[{\"exists\":\"yes\"}]}", "exists takes true or false"},
      {"{\"x\":[{\"prefix\":1}]}", "prefix takes a string"},
      {"{\"x\":[\"" + "y".repeat(5000) + "\"]}", "longer than 4096"}
    };
    for (String[] b : bad) {
      JsonNode pattern;
      try {
        pattern = Json.parse(b[0]);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      assertThatThrownBy(() -> EventPattern.compile(pattern))
          .as(b[0])
          .isInstanceOf(EventPattern.InvalidPattern.class)
          .hasMessageContaining(b[1]);
    }
  }
}
