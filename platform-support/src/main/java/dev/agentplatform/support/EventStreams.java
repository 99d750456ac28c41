package dev.agentplatform.support;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Whether a caller asked for a stream: its {@code Accept} header names {@code text/event-stream}
 * itself. A wildcard ({@code *}{@code /*}) or no header at all keeps the whole JSON answer, so
 * callers that never heard of streaming get what they always got.
 */
public final class EventStreams {

    private EventStreams() {}

    /** Whether {@code accept} (an {@code Accept} header, possibly {@code null}) names an event stream. */
    public static boolean asked(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type ->
                            type.getQualityValue() > 0 && MediaType.TEXT_EVENT_STREAM.equalsTypeAndSubtype(type));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
