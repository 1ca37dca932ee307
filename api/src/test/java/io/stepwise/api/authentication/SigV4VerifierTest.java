package io.stepwise.api.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signatures as real AWS clients compute them (the SDK's own signer, the AWS CLI's recorded
 * signature) are accepted; the attacks an eavesdropper or a holder of one signed request would try
 * are refused with AWS's errors.
 */
class SigV4VerifierTest {
  private static final String KEY = "SWKEXAMPLEEXAMPLE001";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  @Test
  void matchesTheSignatureTheAwsCliComputes() throws Exception {
    // botocore 1.43 (the AWS CLI) signed this request without x-amz-content-sha256.
    var auth =
        SigV4Verifier.Authorization.parse(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/states/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date;x-amz-target,"
                + " Signature=151e774ef8e1ce0d04b8259ea8713b463c7e652b8eb134d9e1647cebf3280a46");
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
            SECRET);
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

  /**
   * EventBridge Scheduler's REST calls name their action by method and path (signed), not by
   * X-Amz-Target; their scope must name the scheduler, and a Step Functions scope is refused there.
   */
  @Test
  void aSchedulerCallIsVerifiedWithoutXAmzTargetUnderItsOwnScope() {
    String path = "/schedules/nightly";
    byte[] body = "{\"ScheduleExpression\":\"rate(1 hour)\"}".getBytes(StandardCharsets.UTF_8);
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(KEY, SECRET))
                        .request(
                            SdkHttpFullRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(URI.create("http://localhost:8080" + path))
                                .putHeader("Content-Type", "application/json")
                                .build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "scheduler")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    Map<String, String> headers = new HashMap<>();
    signed
        .request()
        .headers()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    Instant now = Instant.now();
    assertThat(
            SigV4Verifier.verify(
                SigV4Verifier.SCHEDULER,
                "POST",
                path,
                "",
                headers,
                body,
                now,
                id -> Optional.of(SECRET)))
        .isEqualTo(new SigV4Verifier.Verified(KEY));
    assertThat(
            SigV4Verifier.verify(
                SigV4Verifier.SCHEDULER,
                "PUT",
                path,
                "",
                headers,
                body,
                now,
                id -> Optional.of(SECRET)))
        .isInstanceOf(SigV4Verifier.Refused.class);
    assertThat(
            SigV4Verifier.verify(
                SigV4Verifier.STATES,
                "POST",
                path,
                "",
                headers,
                body,
                now,
                id -> Optional.of(SECRET)))
        .isInstanceOf(SigV4Verifier.Refused.class);
  }

  @Test
  void theSdksSignatureIsAccepted() {
    Signed r = sdkSigned("StartExecution", "{\"input\":\"{\\\"amount\\\":1}\"}");
    assertThat(verify(r.headers(), r.body())).isEqualTo(new SigV4Verifier.Verified(KEY));
  }

  @Test
  void aBodySwappedAfterSigningIsRefusedThoughItsHashHeaderStillClaimsTheOldOne() {
    Signed r = sdkSigned("StartExecution", "{\"input\":\"{\\\"amount\\\":1}\"}");
    assertThat(r.headers()).containsKey("x-amz-content-sha256");
    byte[] other = "{\"input\":\"{\\\"amount\\\":1000000}\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(verify(r.headers(), other))
        .isEqualTo(
            new SigV4Verifier.Refused(
                "InvalidSignatureException",
                400,
                "The request signature we calculated does not match the signature you provided."
                    + " Check your AWS Secret Access Key and signing method. Consult the service"
                    + " documentation for details."));
  }

  @Test
  void aTargetThatWasNotSignedIsRefused() {
    // Signed without X-Amz-Target, which is then added: the same signature for any action.
    Signed r =
        sdkSigned(null, "{\"stateMachineArn\":\"arn:aws:states:us-east-1:1:stateMachine:x\"}");
    Map<String, String> headers = new HashMap<>(r.headers());
    headers.put("x-amz-target", "AWSStepFunctions.DeleteStateMachine");
    assertThat(verify(headers, r.body()))
        .isEqualTo(
            new SigV4Verifier.Refused(
                "InvalidSignatureException",
                400,
                "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."));
  }

  @Test
  void aTargetSentTwiceIsNotTheSignedTarget() {
    Signed r = sdkSigned("DescribeStateMachine", "{}");
    Map<String, String> headers = new HashMap<>(r.headers());
    // ApiGuard joins repeated values, as SigV4 canonicalizes them.
    headers.put(
        "x-amz-target", headers.get("x-amz-target") + ",AWSStepFunctions.DeleteStateMachine");
    assertThat(verify(headers, r.body()))
        .isInstanceOfSatisfying(
            SigV4Verifier.Refused.class,
            f -> assertThat(f.type()).isEqualTo("InvalidSignatureException"));
  }

  @Test
  void anUnsignedHostIsRefused() throws Exception {
    String date = amzDate(Instant.now());
    Map<String, String> headers = new HashMap<>();
    headers.put("host", "stepwise.example.com");
    headers.put("x-amz-date", date);
    headers.put("x-amz-target", "AWSStepFunctions.ListStateMachines");
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    var unsignedHost =
        new SigV4Verifier.Authorization(
            KEY,
            date.substring(0, 8),
            "us-east-1",
            "states",
            "aws4_request",
            List.of("x-amz-date", "x-amz-target"),
            "");
    String signature =
        SigV4Verifier.sign("POST", "/", "", headers, body, date, unsignedHost, SECRET);
    headers.put(
        "authorization",
        "AWS4-HMAC-SHA256 Credential="
            + KEY
            + "/"
            + date.substring(0, 8)
            + "/us-east-1/states/aws4_request, SignedHeaders=x-amz-date;x-amz-target, Signature="
            + signature);
    headers.put("host", "another-server.example.com");
    assertThat(verify(headers, body))
        .isEqualTo(
            new SigV4Verifier.Refused(
                "InvalidSignatureException",
                400,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
  }

  @Test
  void anUnsignedDateIsRefused() {
    Signed r = sdkSigned("ListStateMachines", "{}");
    Map<String, String> headers = new HashMap<>(r.headers());
    headers.put("authorization", headers.get("authorization").replace("x-amz-date;", ""));
    assertThat(verify(headers, r.body()))
        .isInstanceOfSatisfying(
            SigV4Verifier.Refused.class,
            f ->
                assertThat(f.message())
                    .isEqualTo("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization."));
  }

  @Test
  void anOldSignatureAndAnotherServicesScopeAreRefused() {
    Signed r = sdkSigned("ListStateMachines", "{}");
    var expired =
        SigV4Verifier.verify(
            SigV4Verifier.STATES,
            "POST",
            "/",
            "",
            r.headers(),
            r.body(),
            Instant.now().plusSeconds(16 * 60),
            id -> Optional.of(SECRET));
    assertThat(expired)
        .isInstanceOfSatisfying(
            SigV4Verifier.Refused.class,
            f -> assertThat(f.message()).startsWith("Signature expired: "));
    Map<String, String> headers = new HashMap<>(r.headers());
    headers.put("authorization", headers.get("authorization").replace("/states/", "/s3/"));
    assertThat(verify(headers, r.body()))
        .isEqualTo(
            new SigV4Verifier.Refused(
                "InvalidSignatureException",
                400,
                "Credential should be scoped to correct service: 'states'."));
  }

  @Test
  void anIncompleteAuthorizationNamesWhatIsMissing() {
    Map<String, String> headers = new HashMap<>(sdkSigned("ListStateMachines", "{}").headers());
    headers.put(
        "authorization",
        "AWS4-HMAC-SHA256 Credential=" + KEY + "/20260101/us-east-1/states/aws4_request");
    assertThat(verify(headers, new byte[0]))
        .isEqualTo(
            new SigV4Verifier.Refused(
                "IncompleteSignatureException",
                400,
                "Authorization header requires 'Signature' parameter. Authorization header"
                    + " requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256"));
  }

  private static SigV4Verifier.Outcome verify(Map<String, String> headers, byte[] body) {
    return SigV4Verifier.verify(
        SigV4Verifier.STATES,
        "POST",
        "/",
        "",
        headers,
        body,
        Instant.now(),
        id -> Optional.of(SECRET));
  }

  /** A request as the SDK signs it: lower-case header names, the body. */
  record Signed(Map<String, String> headers, byte[] body) {}

  static Signed sdkSigned(String action, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest.Builder request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("http://localhost:8080/"))
            .putHeader("Content-Type", "application/x-amz-json-1.0");
    if (action != null) request.putHeader("X-Amz-Target", "AWSStepFunctions." + action);
    var signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(KEY, SECRET))
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "states")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    Map<String, String> headers = new HashMap<>();
    signed
        .request()
        .headers()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    return new Signed(headers, body);
  }

  private static String amzDate(Instant at) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC)
        .format(at);
  }
}
