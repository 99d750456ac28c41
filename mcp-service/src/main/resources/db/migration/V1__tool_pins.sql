-- The approved definition of each MCP server's tool: SHA-256 of its name, description and input schema.
CREATE TABLE IF NOT EXISTS mcp.tool_pins (
    server            text        NOT NULL,
    tool              text        NOT NULL,
    definition_sha256 char(64)    NOT NULL,
    approved_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (server, tool)
);
