-- The registry holds the whole agent definition (common-lib AgentDefinition): what the orchestrator
-- needs to run an agent joins what the router needs to route to it. The cost tier becomes the one
-- tier vocabulary (free, cheap, quality, premium) and replaces cost_tier, so there is one source of
-- truth; the expected latency replaces avg_latency_ms under its new name.
ALTER TABLE agents
    ADD COLUMN system_prompt       text,
    ADD COLUMN provider            text,
    ADD COLUMN fallback_providers  jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN capabilities        jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN tier                text,
    ADD COLUMN expected_latency_ms bigint;

UPDATE agents
SET tier = CASE cost_tier WHEN 1 THEN 'free' WHEN 2 THEN 'cheap' WHEN 3 THEN 'quality' ELSE 'premium' END,
    expected_latency_ms = avg_latency_ms;

ALTER TABLE agents
    ALTER COLUMN tier SET NOT NULL,
    ALTER COLUMN tier SET DEFAULT 'cheap',
    ADD CONSTRAINT agents_tier_check CHECK (tier IN ('free', 'cheap', 'quality', 'premium')),
    ALTER COLUMN expected_latency_ms SET NOT NULL,
    ALTER COLUMN expected_latency_ms SET DEFAULT 2000,
    ADD CONSTRAINT agents_expected_latency_check CHECK (expected_latency_ms >= 0),
    DROP COLUMN cost_tier,
    DROP COLUMN avg_latency_ms;
