package io.stepwise.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signatures as other AWS clients compute them, not only the Java SDK. */
class SigV4VerifierTest {
  @Test
  void matchesTheSignatureTheAwsCliComputes() {
    // botocore 1.43 (the AWS CLI) signed this request without x-amz-content-sha256.
    var auth =
        SigV4Verifier.Authorization.parse(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/states/aws4_request,"
                    + " SignedHeaders=content-type;host;x-amz-date;x-amz-target,"
                    + " Signature=151e774ef8e1ce0d04b8259ea8713b463c7e652b8eb134d9e1647cebf3280a46")
            .orElseThrow();
    Map<String, String> headers =
        Map.of(
            "content-type", "application/x-amz-json-1.0",
            "host", "localhost:8080",
            "x-amz-date", "20261125T170823Z",
            "x-amz-target", "AWSStepFunctions.ListStateMachines");
    String signature =
        SigV4Verifier.sign(
            "POST",
            "/",
            "",
            headers,
            "{\"maxResults\":5}".getBytes(StandardCharsets.UTF_8),
            "20261125T170823Z",
            auth,
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    assertThat(signature).isEqualTo(auth.signature());
  }

  /**
   * REST paths (EventBridge Scheduler's) are signed as the SDKs and botocore sign them: the path as
   * sent encoded once more, the query decoded, encoded as SigV4 writes it and sorted.
   */
  @Test
  void canonicalizesRestPathsAndQueriesAsTheSdksSignThem() {
    assertThat(SigV4Verifier.canonicalUri("")).isEqualTo("/");
    assertThat(SigV4Verifier.canonicalUri("/")).isEqualTo("/");
    assertThat(SigV4Verifier.canonicalUri("/schedules/nightly-report.v2"))
        .isEqualTo("/schedules/nightly-report.v2");
    assertThat(
            SigV4Verifier.canonicalUri(
                "/tags/arn%3Aaws%3Ascheduler%3Aus-east-1%3A123456789012%3Aschedule-group%2Fg"))
        .isEqualTo(
            "/tags/arn%253Aaws%253Ascheduler%253Aus-east-1%253A123456789012%253Aschedule-group%252Fg");
    assertThat(SigV4Verifier.canonicalQuery("TagKeys=b&TagKeys=a%20b&MaxResults=5&flag"))
        .isEqualTo("MaxResults=5&TagKeys=a%20b&TagKeys=b&flag=");
    assertThat(SigV4Verifier.canonicalQuery("NextToken=c3cx%3A%2B1"))
        .isEqualTo("NextToken=c3cx%3A%2B1");
  }
}
