package io.stepwise.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 on an API request by computing the signature again under the
 * stored secret, at the request's own {@code X-Amz-Date}, over exactly the headers the client
 * signed, and comparing the signatures in constant time. Refusals carry AWS's error names.
 */
final class SigV4Verifier {
  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private SigV4Verifier() {}

  /** What a verification concluded: the key id on success, else AWS's error. */
  sealed interface Outcome {}

  record Verified(String accessKeyId) implements Outcome {}

  record Refused(String type, int status, String message) implements Outcome {}

  /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 ...} header. */
  record Authorization(
      String accessKeyId,
      String date,
      String region,
      String service,
      List<String> signedHeaders,
      String signature) {

    static Optional<Authorization> parse(String header) {
      if (header == null || !header.startsWith(ALGORITHM + " ")) return Optional.empty();
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
      if (credential == null || signed == null || signature == null) return Optional.empty();
      String[] scope = credential.split("/");
      if (scope.length != 5 || !scope[4].equals("aws4_request")) return Optional.empty();
      return Optional.of(
          new Authorization(
              scope[0], scope[1], scope[2], scope[3], List.of(signed.split(";")), signature));
    }
  }

  /**
   * Verifies one request.
   *
   * @param headers the request's headers by lower-case name (first value)
   * @param secrets the active secret of an access key id, empty for unknown or revoked keys
   */
  static Outcome verify(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> headers,
      byte[] body,
      Instant now,
      Function<String, Optional<String>> secrets) {
    String header = headers.get("authorization");
    if (header == null || header.isBlank()) {
      return new Refused(
          "MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }
    Optional<Authorization> parsed = Authorization.parse(header);
    if (parsed.isEmpty()) {
      return new Refused(
          "IncompleteSignatureException",
          400,
          "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters"
              + " of an "
              + ALGORITHM
              + " signature.");
    }
    Authorization auth = parsed.get();
    String amzDate = headers.get("x-amz-date");
    if (amzDate == null) {
      return new Refused(
          "IncompleteSignatureException",
          400,
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      return new Refused("IncompleteSignatureException", 400, "Invalid X-Amz-Date " + amzDate);
    }
    if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
      return new Refused(
          "InvalidSignatureException",
          400,
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + AMZ_DATE.format(now.minus(MAX_SKEW))
              + " ("
              + AMZ_DATE.format(now)
              + " - 15 min.)");
    }
    Optional<String> secret = secrets.apply(auth.accessKeyId());
    if (secret.isEmpty()) {
      return new Refused(
          "UnrecognizedClientException",
          400,
          "The security token included in the request is invalid.");
    }
    String expected = sign(method, rawPath, rawQuery, headers, body, amzDate, auth, secret.get());
    if (!java.security.MessageDigest.isEqual(
        expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        auth.signature().getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      return new Refused(
          "InvalidSignatureException",
          400,
          "The request signature we calculated does not match the signature you provided. Check"
              + " your AWS Secret Access Key and signing method. Consult the service documentation"
              + " for details.");
    }
    return new Verified(auth.accessKeyId());
  }

  /**
   * The signature the client should have sent: AWS's Signature Version 4 computed over exactly the
   * headers it signed. Written out rather than delegated to the SDK's signer, which always adds and
   * signs {@code x-amz-content-sha256} — a header the AWS CLI (botocore) does not send.
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
      String value = headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
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
    List<String[]> pairs = new java.util.ArrayList<>();
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
    return java.util.HexFormat.of().formatHex(bytes);
  }
}
