package io.stepwise.api.notification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How notifications are delivered ({@code stepwise.notifications.*}). */
@ConfigMapping(prefix = "stepwise.notifications")
public interface NotificationSettings {
  /** How often each server looks for new events and due deliveries. */
  @WithDefault("500ms")
  Duration pollInterval();

  /** The wait after a delivery's first failed attempt; it doubles with each failure. */
  @WithDefault("10s")
  Duration firstRetry();

  /** The longest wait between two attempts. */
  @WithDefault("1h")
  Duration maxRetry();

  /** How long a delivery is retried before it is marked FAILED (replay sends it again). */
  @WithDefault("24h")
  Duration giveUpAfter();

  /**
   * The most mails an e-mail subscription sends one by one in a digest window; the window's further
   * events go out together as one digest mail when it ends.
   */
  @WithDefault("10")
  int digestAfter();

  /** The window {@code digest-after} counts mails in. */
  @WithDefault("1m")
  Duration digestWindow();
}
