package dev.agentplatform.router.catalog;

/** The neighbours' catalogs as WireMock serves them in the router's tests. */
public final class CatalogFixtures {

    /** A provider catalog of three entries, in the shape of common-lib {@code ProviderCatalogView}. */
    public static final String PROVIDERS = """
            {"providers": [
              {"name": "simulated", "type": "simulated", "model": "simulated", "tier": "free",
               "configured": true, "breaker": "NONE", "inputUsdPerMillion": 0, "outputUsdPerMillion": 0, "qps": 0},
              {"name": "groq", "type": "openai-compatible", "model": "llama-3.3-70b-versatile", "tier": "free",
               "baseUrl": "https://api.groq.com/openai/v1", "configured": false, "breaker": "CLOSED",
               "inputUsdPerMillion": 0.59, "outputUsdPerMillion": 0.79, "qps": 0},
              {"name": "openai", "type": "openai-compatible", "model": "gpt-4o-mini", "tier": "cheap",
               "configured": true, "breaker": "CLOSED", "inputUsdPerMillion": 0.15, "outputUsdPerMillion": 0.6,
               "qps": 0}],
             "chains": {"free": ["groq", "simulated"], "cheap": ["openai", "simulated"]}}
            """;

    /** mcp-service's capabilities, in the shape of its {@code GET /v1/capabilities}. */
    public static final String CAPABILITIES = """
            [{"name": "calculator", "servers": ["calc"], "tools": ["add"], "defaultTool": "add", "costPerCallUsd": 0},
             {"name": "filesystem", "servers": ["fs"], "tools": ["read_file"], "defaultTool": "read_file",
              "costPerCallUsd": 0.0001}]
            """;

    private CatalogFixtures() {}
}
