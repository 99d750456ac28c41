-- The team and API key a call was made for, so that their budgets' counters can be repaired from
-- the ledger as the users' are. Rows booked before have neither.
ALTER TABLE usage_ledger ADD COLUMN team_id text;
ALTER TABLE usage_ledger ADD COLUMN key_id text;

CREATE INDEX usage_ledger_team_occurred_idx ON usage_ledger (team_id, occurred_at) WHERE team_id IS NOT NULL;
CREATE INDEX usage_ledger_key_occurred_idx ON usage_ledger (key_id, occurred_at) WHERE key_id IS NOT NULL;
