package dev.agentplatform.mcp.server;

/** A tool call that got no usable answer from one server; {@link #kind()} says whether another may help. */
public class ServerCallException extends RuntimeException {

    /** Why the call failed; {@link #outcome()} is the value used in metrics. */
    public enum Kind {
        /** The server is not running and could not be started. */
        UNAVAILABLE("unavailable"),
        /** The server runs but does not offer the tool. */
        TOOL_NOT_OFFERED("not_offered"),
        /** The server refused the arguments (JSON-RPC invalid params); another server would too. */
        INVALID_ARGUMENTS("invalid_arguments"),
        /**
         * The server runs and answered the call with a JSON-RPC error of its own (a failed query, an upstream API
         * that refused): an answer, unless its message says the server could not reach what it serves.
         */
        REJECTED("rejected"),
        /** No answer within the call timeout. */
        TIMEOUT("timeout"),
        /** The process died, the session broke or the server answered with a protocol error. */
        FAILED("failed"),
        /**
         * The server ran, and its process exited (or its HTTP session was lost) before this call or during it; it is
         * being restarted in the background. Only a call that asked to fall back at once ends this way.
         */
        EXITED("exited");

        private final String outcome;

        Kind(String outcome) {
            this.outcome = outcome;
        }

        public String outcome() {
            return outcome;
        }
    }

    private final String server;
    private final Kind kind;

    public ServerCallException(String server, Kind kind, String message) {
        this(server, kind, message, null);
    }

    public ServerCallException(String server, Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.server = server;
        this.kind = kind;
    }

    public String server() {
        return server;
    }

    public Kind kind() {
        return kind;
    }
}
