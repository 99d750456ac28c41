package dev.agentplatform.mcp.server;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The MCP servers to start and how to talk to them. Server arguments, environment values and capability
 * defaults may contain {@value ServerDirectories#SERVERS_DIR} and {@value ServerDirectories#WORKSPACE_DIR},
 * replaced by the absolute paths of {@code dir} and {@code workspaceDir}.
 *
 * @param dir folder holding the npm-installed servers ({@code package.json}, {@code node_modules}); a relative
 *     path is looked up in the working directory, then in its parent, so it works from the repository root and
 *     from inside {@code mcp-service}. Env {@code PLATFORM_MCP_SERVERS_DIR}. Default {@code mcp-service/mcp-servers}.
 * @param workspaceDir folder of documents the filesystem server may read; resolved like {@code dir}. Env
 *     {@code PLATFORM_MCP_WORKSPACE} (application.yml) or {@code PLATFORM_MCP_SERVERS_WORKSPACEDIR}. Default
 *     {@code mcp-service/workspace}.
 * @param callTimeout longest wait for one tool call before it counts as failed and the next server is tried.
 *     Default 10 s.
 * @param startupTimeout longest wait for a server process to start, initialize and list its tools. Default 20 s.
 * @param restartBackoff pause after a failed start, or after the second death in a row within this long after a
 *     start, before the server is started again; doubled with each further such failure, up to
 *     {@code maxRestartBackoff}. Any other server that died is restarted at once, in the background. Default 5 s.
 * @param maxRestartBackoff the longest pause the doubling of {@code restartBackoff} reaches. Default 1 min.
 * @param stdio servers started as child processes and spoken to over stdin/stdout, by name. Default none.
 * @param http servers already running elsewhere, reached over Streamable HTTP, by name (no name may be used for
 *     both kinds). Default none.
 */
@ConfigurationProperties("platform.mcp.servers")
@Validated
public record McpServersProperties(
        @DefaultValue("mcp-service/mcp-servers") @NotBlank String dir,
        @DefaultValue("mcp-service/workspace") @NotBlank String workspaceDir,
        @DefaultValue("10s") @NotNull Duration callTimeout,
        @DefaultValue("20s") @NotNull Duration startupTimeout,
        @DefaultValue("5s") @NotNull Duration restartBackoff,
        @DefaultValue("1m") @NotNull Duration maxRestartBackoff,
        @DefaultValue Map<String, @Valid StdioServer> stdio,
        @DefaultValue Map<String, @Valid HttpServer> http) {

    /**
     * One server run as a child process.
     *
     * @param command the executable, e.g. {@code node}; looked up on {@code PATH}. Required.
     * @param args the command's arguments, e.g. the server's entry script. Default none.
     * @param env extra environment variables for the process. Default none.
     * @param requiredEnv names of {@code env} entries that must not be blank (an API key): without them the
     *     server is never started and calls skip it at once ("no key"). Default none.
     */
    public record StdioServer(
            @NotBlank String command,
            @DefaultValue List<String> args,
            @DefaultValue Map<String, String> env,
            @DefaultValue List<String> requiredEnv) {

        /** Why this server must not start, or {@code null} when everything it requires is set. */
        public String missing() {
            return McpServersProperties.missing(env, requiredEnv, "");
        }
    }

    /**
     * One server reached over Streamable HTTP (MCP Java SDK client); the service starts no process for it.
     *
     * @param url the server's MCP endpoint, e.g. {@code https://mcp.example.com/mcp}; may contain the placeholders.
     *     Required.
     * @param headers sent with every request, e.g. {@code Authorization}. Default none.
     * @param requiredHeaders names of {@code headers} that must not be blank (a token): without them the server is
     *     never connected to and calls skip it at once ("no key"). Default none.
     */
    public record HttpServer(
            @NotBlank String url,
            @DefaultValue Map<String, String> headers,
            @DefaultValue List<String> requiredHeaders) {

        /** Why this server must not be used, or {@code null} when everything it requires is set. */
        public String missing() {
            return McpServersProperties.missing(headers, requiredHeaders, "header ");
        }
    }

    /** "no key: ... not set" naming the {@code required} keys whose values are blank, or {@code null}. */
    private static String missing(Map<String, String> values, List<String> required, String kind) {
        List<String> unset = required.stream()
                .filter(key -> values.get(key) == null || values.get(key).isBlank())
                .toList();
        return unset.isEmpty() ? null : "no key: " + kind + String.join(", ", unset) + " not set";
    }
}
