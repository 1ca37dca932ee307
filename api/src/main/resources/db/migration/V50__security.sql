-- Security (io.stepwise.api.security): team ownership, API access keys, the audit log.

-- The team (an identity-provider group) that owns a state machine or activity, by its ARN.
CREATE TABLE resource_teams (
    resource_arn TEXT PRIMARY KEY,
    team         TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX resource_teams_team ON resource_teams (team);

-- SigV4 access keys. The secret is AES-GCM encrypted with the server key (never stored plain);
-- roles and teams are what the key may do, fixed when it was made.
CREATE TABLE access_keys (
    access_key_id TEXT PRIMARY KEY,
    secret_enc    BYTEA NOT NULL,
    owner_kind    TEXT NOT NULL CHECK (owner_kind IN ('user', 'team')),
    owner         TEXT NOT NULL,
    roles         TEXT NOT NULL,
    teams         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX access_keys_owner ON access_keys (owner_kind, owner);

-- Every change and every authorization decision: who, what, when, from where.
CREATE TABLE audit_log (
    id        BIGSERIAL PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor     TEXT NOT NULL,
    source    TEXT NOT NULL,
    action    TEXT NOT NULL,
    resource  TEXT NOT NULL DEFAULT '',
    outcome   TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
