-- Every server on one database must seal access-key secrets and sign sessions with the same server
-- key. The first server to start records a check value of its key (an HMAC under the key: it
-- reveals nothing about it); a server whose key gives another value refuses to start (ServerKeyCheck).
CREATE TABLE server_key_check (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  check_value text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
