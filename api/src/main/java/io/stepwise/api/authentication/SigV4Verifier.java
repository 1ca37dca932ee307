package io.stepwise.api.authentication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 on a request of the AWS JSON protocol (Step Functions) or of
 * EventBridge Scheduler's REST-JSON API as AWS does: the signature is computed again under the
 * stored secret, at the request's own date, over the headers the client signed and the SHA-256 of
 * the body as received (never the {@code x-amz-content-sha256} header's claim), and compared in
 * constant time. {@code host} and the date header must be among the signed headers, and for the
 * JSON protocol {@code x-amz-target}, which names its action (a REST call's action is its method
 * and path, always signed), so a signature cannot be replayed against another host, outside its
 * fifteen minutes or for another action. Refusals carry AWS's error names and messages (as recorded
 * from AWS's JSON-protocol services, e.g. by dynalite's notes on DynamoDB).
 */
final class SigV4Verifier {
  private static final String ALGORITHM = "AWS4-HMAC-SHA256";

  /** Step Functions' signing name: the AWS JSON 1.0 protocol, the action in X-Amz-Target. */
  static final String STATES = "states";

  /** EventBridge Scheduler's: REST-JSON, the action in the method and path. */
  static final String SCHEDULER = "scheduler";

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final String SIGNATURE_MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check"
          + " your AWS Secret Access Key and signing method. Consult the service documentation"
          + " for details.";

  private SigV4Verifier() {}

  /** What a verification concluded: the key id on success, else AWS's error. */
  sealed interface Outcome {}

  record Verified(String accessKeyId) implements Outcome {}

  record Refused(String type, int status, String message) implements Outcome {
    static Refused incomplete(String message) {
      return new Refused("IncompleteSignatureException", 400, message);
    }

    static Refused invalid(String message) {
      return new Refused("InvalidSignatureException", 400, message);
    }
  }

  /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 ...} header. */
  record Authorization(
      String accessKeyId,
      String date,
      String region,
      String service,
      String terminator,
      List<String> signedHeaders,
      String signature) {

    /** The parsed header, or AWS's refusal of its shape. */
    static Authorization parse(String header) throws RefusedException {
      if (!header.startsWith(ALGORITHM + " ")) {
        String algorithm = header.split(" ", 2)[0];
        throw new RefusedException(
            Refused.incomplete(
                "Unsupported AWS 'algorithm': '"
                    + algorithm
                    + "' (only AWS4-HMAC-SHA256 for now)."));
      }
      String credential = null, signed = null, signature = null;
      for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
        String p = part.trim();
        int eq = p.indexOf('=');
        if (eq < 0) continue;
        String value = p.substring(eq + 1).trim();
        switch (p.substring(0, eq).trim()) {
          case "Credential" -> credential = value;
          case "SignedHeaders" -> signed = value;
          case "Signature" -> signature = value;
          default -> {}
        }
      }
      StringBuilder missing = new StringBuilder();
      if (credential == null)
        missing.append("Authorization header requires 'Credential' parameter. ");
      if (signature == null)
        missing.append("Authorization header requires 'Signature' parameter. ");
      if (signed == null)
        missing.append("Authorization header requires 'SignedHeaders' parameter. ");
      if (!missing.isEmpty()) {
        throw new RefusedException(Refused.incomplete(missing + "Authorization=" + ALGORITHM));
      }
      String[] scope = credential.split("/");
      if (scope.length != 5) {
        throw new RefusedException(
            Refused.incomplete(
                "Credential must have exactly 5 slash-delimited elements, e.g."
                    + " keyid/date/region/service/term, got '"
                    + credential
                    + "'"));
      }
      List<String> headers = new ArrayList<>();
      for (String name : signed.split(";")) {
        if (!name.isBlank()) headers.add(name.trim().toLowerCase(Locale.ROOT));
      }
      return new Authorization(
          scope[0], scope[1], scope[2], scope[3], scope[4], List.copyOf(headers), signature);
    }
  }

  /** A refusal found while reading the request, carried out of a nested check. */
  static final class RefusedException extends Exception {
    final Refused refused;

    RefusedException(Refused refused) {
      super(refused.message(), null, false, false);
      this.refused = refused;
    }
  }

  /**
   * Verifies one request signed for {@code service} ({@link #STATES} or {@link #SCHEDULER}).
   *
   * @param headers the request's headers by lower-case name; a header sent several times has its
   *     values joined by commas, as SigV4 canonicalizes them
   * @param body the body exactly as received
   * @param secrets the active secret of an access key id, empty for unknown or revoked keys
   */
  static Outcome verify(
      String service,
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> headers,
      byte[] body,
      Instant now,
      Function<String, Optional<String>> secrets) {
    return verify(
        service, method, rawPath, rawQuery, headers, body, now, secrets, service.equals(STATES));
  }

  /**
   * Verifies one request; {@code requireTarget} false where the method and path (signed in the
   * canonical request) name the action instead of {@code x-amz-target}: EventBridge Scheduler's
   * REST calls and Stepwise's JSON API ({@code /api/v1/...}, signed for {@code states}).
   */
  static Outcome verify(
      String service,
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> headers,
      byte[] body,
      Instant now,
      Function<String, Optional<String>> secrets,
      boolean requireTarget) {
    String header = headers.get("authorization");
    if (header == null || header.isBlank()) {
      return new Refused(
          "MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }
    try {
      Authorization auth = Authorization.parse(header.trim());
      SignedDate date = signedDate(headers, now);
      requireSigned(auth, "host", "'Host' or ':authority'");
      requireSigned(auth, date.header(), date.header().equals("date") ? "'Date'" : "'X-Amz-Date'");
      if (requireTarget) requireSigned(auth, "x-amz-target", "'X-Amz-Target'");
      checkScope(auth, service, date.value());
      Optional<String> secret = secrets.apply(auth.accessKeyId());
      if (secret.isEmpty()) {
        return new Refused(
            "UnrecognizedClientException",
            400,
            "The security token included in the request is invalid.");
      }
      String expected =
          sign(method, rawPath, rawQuery, headers, body, date.value(), auth, secret.get());
      if (!MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.US_ASCII),
          auth.signature().getBytes(StandardCharsets.US_ASCII))) {
        return Refused.invalid(SIGNATURE_MISMATCH);
      }
      return new Verified(auth.accessKeyId());
    } catch (RefusedException e) {
      return e.refused;
    }
  }

  /** The header that carries the signing time ({@code X-Amz-Date}, else {@code Date}). */
  private record SignedDate(String header, String value) {}

  private static SignedDate signedDate(Map<String, String> headers, Instant now)
      throws RefusedException {
    String name = headers.containsKey("x-amz-date") ? "x-amz-date" : "date";
    String value = headers.get(name);
    if (value == null) {
      throw new RefusedException(
          Refused.incomplete(
              "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date'"
                  + " header. Authorization="
                  + ALGORITHM));
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(value));
    } catch (DateTimeParseException e) {
      throw new RefusedException(
          Refused.incomplete(
              "Date must be in ISO-8601 'basic format'. Got '"
                  + value
                  + "'. See http://en.wikipedia.org/wiki/ISO_8601"));
    }
    // AWS's wording for a signature outside its fifteen minutes, either way.
    if (signedAt.isBefore(now.minus(MAX_SKEW))) {
      throw new RefusedException(
          Refused.invalid(
              "Signature expired: %s is now earlier than %s (%s - 15 min.)"
                  .formatted(value, AMZ_DATE.format(now.minus(MAX_SKEW)), AMZ_DATE.format(now))));
    }
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      throw new RefusedException(
          Refused.invalid(
              "Signature not yet current: %s is still later than %s (%s + 15 min.)"
                  .formatted(value, AMZ_DATE.format(now.plus(MAX_SKEW)), AMZ_DATE.format(now))));
    }
    return new SignedDate(name, value);
  }

  private static void requireSigned(Authorization auth, String header, String quoted)
      throws RefusedException {
    if (!auth.signedHeaders().contains(header)) {
      throw new RefusedException(
          Refused.invalid(quoted + " must be a 'SignedHeader' in the AWS Authorization."));
    }
  }

  /** The credential scope names this service, the request's day and AWS's terminator. */
  private static void checkScope(Authorization auth, String service, String date)
      throws RefusedException {
    StringBuilder wrong = new StringBuilder();
    if (!auth.service().equals(service)) {
      wrong.append("Credential should be scoped to correct service: '" + service + "'. ");
    }
    if (!auth.terminator().equals("aws4_request")) {
      wrong.append(
          "Credential should be scoped with a valid terminator: 'aws4_request', not '"
              + auth.terminator()
              + "'. ");
    }
    if (!date.substring(0, 8).equals(auth.date())) {
      wrong.append(
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
              + " HTTP: '"
              + auth.date()
              + "' != '"
              + date.substring(0, 8)
              + "', from '"
              + date
              + "'.");
    }
    if (!wrong.isEmpty()) throw new RefusedException(Refused.invalid(wrong.toString().trim()));
  }

  /**
   * The signature the client should have sent: AWS's Signature Version 4 over exactly the headers
   * it signed, with the payload hash computed from the body. Written out rather than delegated to
   * the SDK's signer, which always adds and signs {@code x-amz-content-sha256} — a header the AWS
   * CLI (botocore) does not send.
   */
  static String sign(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> headers,
      byte[] body,
      String amzDate,
      Authorization auth,
      String secret) {
    StringBuilder canonical = new StringBuilder();
    canonical.append(method).append('\n');
    canonical.append(canonicalUri(rawPath)).append('\n');
    canonical.append(canonicalQuery(rawQuery)).append('\n');
    for (String name : auth.signedHeaders()) {
      String value = headers.getOrDefault(name, "");
      canonical.append(name).append(':').append(value.trim().replaceAll("\\s+", " ")).append('\n');
    }
    canonical.append('\n').append(String.join(";", auth.signedHeaders())).append('\n');
    canonical.append(hex(sha256(body)));
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + auth.region() + "/" + auth.service() + "/aws4_request";
    String toSign =
        ALGORITHM
            + "\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, auth.region());
    key = hmac(key, auth.service());
    key = hmac(key, "aws4_request");
    return hex(hmac(key, toSign));
  }

  /**
   * SigV4's canonical URI for every service but S3: the path as sent (already percent-encoded by
   * the client) encoded once more, so {@code /tags/arn%3Aaws%3A...} is signed as {@code
   * /tags/arn%253Aaws%253A...}: the AWS SDKs and botocore "double-encode" it (the scheduler's
   * {@code /tags/{ResourceArn}} is where it shows; {@code POST /} is unchanged).
   */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) return "/";
    return encode(rawPath, false);
  }

  /**
   * The canonical query string: each name and value percent-decoded and encoded again as SigV4
   * writes them (RFC 3986 unreserved characters kept, everything else {@code %XX}), sorted by name,
   * then value.
   */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) return "";
    List<String[]> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(new String[] {encode(decode(name), true), encode(decode(value), true)});
    }
    pairs.sort(
        java.util.Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
    StringBuilder out = new StringBuilder();
    for (String[] p : pairs) {
      if (!out.isEmpty()) out.append('&');
      out.append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /** Percent-encodes all but RFC 3986's unreserved characters (and '/' unless told). */
  private static String encode(String text, boolean slash) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean unreserved =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.'
              || c == '~'
              || (c == '/' && !slash);
      if (unreserved) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** Percent-decoding only: a '+' in a query stays a '+', as SigV4 reads it. */
  private static String decode(String text) {
    if (text.indexOf('%') < 0) return text;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length()) {
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          bytes.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      bytes.write(raw, 0, raw.length);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
