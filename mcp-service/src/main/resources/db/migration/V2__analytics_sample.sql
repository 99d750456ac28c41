-- Sample data the database capability serves (read-only, through the PostgreSQL MCP server): a small shop.
-- Deterministic, so answers can be checked.
CREATE TABLE analytics.customers (
    id         integer PRIMARY KEY,
    name       text    NOT NULL,
    country    text    NOT NULL,
    tier       text    NOT NULL,
    signed_up  date    NOT NULL
);

CREATE TABLE analytics.products (
    id         integer PRIMARY KEY,
    name       text          NOT NULL,
    category   text          NOT NULL,
    price_usd  numeric(10,2) NOT NULL
);

CREATE TABLE analytics.orders (
    id          integer PRIMARY KEY,
    customer_id integer       NOT NULL REFERENCES analytics.customers (id),
    product_id  integer       NOT NULL REFERENCES analytics.products (id),
    quantity    integer       NOT NULL,
    total_usd   numeric(12,2) NOT NULL,
    ordered_at  date          NOT NULL
);

INSERT INTO analytics.customers (id, name, country, tier, signed_up)
SELECT i,
       'Customer ' || i,
       (ARRAY['DE', 'FR', 'US', 'GB', 'JP', 'BR'])[1 + i % 6],
       (ARRAY['free', 'pro', 'enterprise'])[1 + (i * 7) % 3],
       DATE '2025-01-01' + (i * 3)
FROM generate_series(1, 200) AS i;

INSERT INTO analytics.products (id, name, category, price_usd)
SELECT i,
       (ARRAY['Widget', 'Gadget', 'Sensor', 'Cable', 'Adapter'])[1 + i % 5] || ' ' || i,
       (ARRAY['hardware', 'accessories', 'iot', 'software'])[1 + i % 4],
       (5 + (i * 13) % 95)::numeric(10,2)
FROM generate_series(1, 20) AS i;

INSERT INTO analytics.orders (id, customer_id, product_id, quantity, total_usd, ordered_at)
SELECT i,
       1 + (i * 37) % 200,
       1 + (i * 11) % 20,
       1 + i % 4,
       (1 + i % 4) * (5 + ((1 + (i * 11) % 20) * 13) % 95),
       DATE '2026-01-01' + (i % 330)
FROM generate_series(1, 2000) AS i;
