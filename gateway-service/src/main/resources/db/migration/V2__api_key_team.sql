-- The team a key belongs to, if any: the team's budget applies to its requests.
ALTER TABLE api_keys ADD COLUMN team text;
