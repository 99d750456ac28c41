-- One row per UsageRecorded event. The primary key makes booking idempotent: a redelivered
-- event hits ON CONFLICT DO NOTHING instead of being charged twice.
CREATE TABLE usage_ledger (
    event_id          text           PRIMARY KEY,
    request_id        text,
    task_id           text,
    user_id           text           NOT NULL,
    agent             text,
    provider          text,
    model             text,
    prompt_tokens     integer        NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
    completion_tokens integer        NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
    cost_usd          numeric(18, 8) NOT NULL CHECK (cost_usd >= 0),
    occurred_at       timestamptz    NOT NULL,
    booked_at         timestamptz    NOT NULL DEFAULT now(),
    traceparent       text
);

-- Budget checks and usage reports sum one user's rows over one UTC day.
CREATE INDEX usage_ledger_user_occurred_idx ON usage_ledger (user_id, occurred_at);
