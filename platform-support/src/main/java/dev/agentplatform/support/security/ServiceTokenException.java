package dev.agentplatform.support.security;

/** A service credential that is missing, malformed, forged or expired. */
public class ServiceTokenException extends RuntimeException {

    public ServiceTokenException(String message) {
        super(message);
    }

    public ServiceTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
