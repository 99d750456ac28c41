-- The learned statistics, written periodically from Redis (where instances share them live) and
-- read back into an empty Redis on start, so a Redis restart does not forget what was learned.
CREATE TABLE agent_stats (
    agent        text             PRIMARY KEY,
    success_rate double precision NOT NULL,
    observations bigint           NOT NULL,
    latency_ms   double precision NOT NULL,
    updated_at   timestamptz      NOT NULL DEFAULT now()
);

-- One row per routed task: what was decided and, once the orchestrator reports it, how the chosen
-- agent did. The prompt itself is not kept: its hash for grouping and its embedding for refits.
CREATE TABLE routing_history (
    task_id          text             PRIMARY KEY,
    prompt_hash      text             NOT NULL,
    prompt_embedding bytea,
    candidates       jsonb            NOT NULL,
    agent            text             NOT NULL,
    team             text             NOT NULL,
    strategy         text             NOT NULL,
    confidence       double precision NOT NULL,
    decided_at       timestamptz      NOT NULL DEFAULT now(),
    success          boolean,
    outcome_agent    text,
    outcome_at       timestamptz
);

CREATE INDEX routing_history_refit_idx ON routing_history (outcome_agent, decided_at DESC) WHERE success;
