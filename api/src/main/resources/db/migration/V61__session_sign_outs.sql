-- When each local user last signed out: every server refuses that user's session cookies issued
-- before, so signing out on one node ends the session on all of them (SignOuts).
CREATE TABLE session_sign_outs (
  user_name text PRIMARY KEY,
  signed_out_at timestamptz NOT NULL
);
