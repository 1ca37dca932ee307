package io.stepwise.api.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code nextToken} of list operations: a position (an offset or a last key) that only
 * this server reads back. A token it did not issue is refused with InvalidToken, as AWS does.
 */
public final class PageToken {
  private static final String MARK = "sw1:";

  private PageToken() {}

  public static String encode(String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((MARK + position).getBytes(StandardCharsets.UTF_8));
  }

  /** The position in a token, or null for no token. */
  public static String decode(String token) {
    if (token == null || token.isEmpty()) return null;
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(MARK)) return text.substring(MARK.length());
    } catch (IllegalArgumentException e) {
      // falls through to the refusal below
    }
    throw new AwsError("InvalidToken", "Invalid Token: '" + token + "'");
  }

  /** A token holding a numeric offset. */
  public static int offset(String token) {
    String position = decode(token);
    if (position == null) return 0;
    try {
      return Math.max(0, Integer.parseInt(position));
    } catch (NumberFormatException e) {
      throw new AwsError("InvalidToken", "Invalid Token: '" + token + "'");
    }
  }
}
