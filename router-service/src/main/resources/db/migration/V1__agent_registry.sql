-- The agent registry. Every router instance reads it; a change bumps registry_meta.version so that
-- instances which missed the Redis notification still notice it on their next poll.
CREATE TABLE agents (
    name           text        PRIMARY KEY,
    team           text        NOT NULL,
    description    text        NOT NULL,
    keywords       jsonb       NOT NULL DEFAULT '[]',
    examples       jsonb       NOT NULL DEFAULT '[]',
    cost_tier      integer     NOT NULL CHECK (cost_tier BETWEEN 1 AND 4),
    avg_latency_ms bigint      NOT NULL CHECK (avg_latency_ms >= 0),
    source         text        NOT NULL DEFAULT 'api',
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per key: 'version' (bumped on every change) and 'seeded' (the config agents were created
-- once; deleting one of them later must not bring it back on the next start).
CREATE TABLE registry_meta (
    key   text   PRIMARY KEY,
    value bigint NOT NULL
);

INSERT INTO registry_meta (key, value) VALUES ('version', 0);
