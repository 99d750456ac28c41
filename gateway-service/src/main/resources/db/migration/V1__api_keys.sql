-- Issued API keys: the source of truth (Redis holds a cache of them). Only the SHA-256 of a
-- secret is kept, never the secret. A revoked key keeps its row, so a repeated revocation finds it.
CREATE TABLE api_keys (
    id                  text        PRIMARY KEY,
    secret_sha256       char(64)    NOT NULL UNIQUE,
    user_id             text        NOT NULL,
    tier                text        NOT NULL,
    expires_at          timestamptz,
    allowed_models      text[]      NOT NULL DEFAULT '{}',
    requests_per_minute integer     NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    revoked_at          timestamptz
);

CREATE INDEX api_keys_user ON api_keys (user_id);
