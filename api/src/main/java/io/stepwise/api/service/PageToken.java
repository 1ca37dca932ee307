package io.stepwise.api.service;

import io.stepwise.engine.service.ServiceException;
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
    throw invalid(token);
  }

  /** A token holding a number (an offset, a version, an event id); {@code none} without one. */
  public static long number(String token, long none) {
    String position = decode(token);
    if (position == null) return none;
    try {
      return Long.parseLong(position);
    } catch (NumberFormatException e) {
      throw invalid(token);
    }
  }

  /** AWS's refusal of a token this server did not issue. */
  public static ServiceException invalid(String token) {
    return new ServiceException("InvalidToken", "Invalid Token: '" + token + "'");
  }
}
