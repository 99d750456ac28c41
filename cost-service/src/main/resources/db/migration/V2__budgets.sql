-- Budgets an administrator set for one user, team or API key; a user without one has the daily
-- budget of the tier. Limits are US dollars per day and/or month in the budget's time zone.
CREATE TABLE budgets (
    scope       text           NOT NULL CHECK (scope IN ('user', 'team', 'key')),
    scope_id    text           NOT NULL,
    daily_usd   numeric(18, 8) CHECK (daily_usd >= 0),
    monthly_usd numeric(18, 8) CHECK (monthly_usd >= 0),
    timezone    text           NOT NULL DEFAULT 'UTC',
    updated_at  timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, scope_id)
);

-- The cost views group a period's rows by agent, model, provider or user.
CREATE INDEX usage_ledger_occurred_idx ON usage_ledger (occurred_at);
