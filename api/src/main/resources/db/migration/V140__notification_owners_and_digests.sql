-- Issue 21, the rest of notifications.
-- A subscription failing for a day is marked (failing_mailed_at) and its owner mailed once, at the
-- address the identity provider verified for the editor who made it (owner_email; NULL: none known,
-- the mark only). A success clears both marks.
-- An e-mail subscription sends at most digest-after mails per digest window (mail_window_*); the
-- rest of the window's events wait (held_for_digest) and go out together as one digest mail.
ALTER TABLE notification_subscriptions
  ADD COLUMN owner_email text,
  ADD COLUMN failing_mailed_at timestamptz,
  ADD COLUMN mail_window_start timestamptz,
  ADD COLUMN mail_window_count int NOT NULL DEFAULT 0;

ALTER TABLE notification_deliveries
  ADD COLUMN held_for_digest boolean NOT NULL DEFAULT false;

-- The retention job's scans: old closed deliveries, old attempts, old outbox rows.
CREATE INDEX notification_deliveries_closed ON notification_deliveries (created_at)
  WHERE state <> 'PENDING';
CREATE INDEX notification_attempts_at ON notification_attempts (at);
CREATE INDEX notification_outbox_created ON notification_outbox (created_at);
