package io.stepwise.api.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The names a fire gives: its execution's, derived from schedule and fire time alone, so a start
 * tried again (after a failure, a lost lease or a server killed mid-start) asks for the execution
 * the first attempt made and StartExecution's idempotency, not luck, keeps it to one; and the
 * {@code <aws.scheduler.execution-id>} of each attempt.
 */
final class FireNames {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Of the schedule's name, what an execution name keeps (execution names stop at 80). */
  private static final int NAME_PART = 40;

  private FireNames() {}

  /**
   * {@code NAME-20260329T013000Z-1a2b3c4d}: the schedule's name (cut to 40), the fire time to the
   * second, and a hash of the schedule's ARN and the exact fire time, which tells apart schedules
   * of the same name in other groups and two "run now" fires within one second.
   */
  static String execution(String scheduleArn, String scheduleName, Instant fireTime) {
    String name =
        scheduleName.length() > NAME_PART ? scheduleName.substring(0, NAME_PART) : scheduleName;
    return name + "-" + STAMP.format(fireTime) + "-" + hash(scheduleArn + "@" + fireTime, 4);
  }

  /** One attempt's {@code <aws.scheduler.execution-id>}: 16 hex digits. */
  static String attemptId(String scheduleArn, Instant fireTime, int attempt) {
    return hash(scheduleArn + "@" + fireTime + "#" + attempt, 8);
  }

  private static String hash(String text, int bytes) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
