package dev.agentplatform.memory.hot;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * A validated (user, conversation) pair and the Redis key of its HOT list.
 *
 * @param userId the conversation's owner
 * @param conversationId the conversation
 */
record ConversationKey(String userId, String conversationId) {

    static final String ID_PATTERN = "[A-Za-z0-9._:@-]{1,200}";

    private static final Pattern ID = Pattern.compile(ID_PATTERN);
    static final String PREFIX = "memory:hot:";
    static final String QUARANTINE_PREFIX = "memory:quarantine:";

    /** The key for two path segments, or a 400 problem naming the segment that is not an id. */
    static ConversationKey of(String userId, String conversationId) {
        requireId("userId", userId);
        requireId("conversationId", conversationId);
        return new ConversationKey(userId, conversationId);
    }

    /**
     * {@code memory:hot:{userId}:{conversationId}}. A ':' inside an id is written as {@code %3A}:
     * otherwise user {@code a:b} with conversation {@code c} and user {@code a} with conversation
     * {@code b:c} would share one list. '%' is not allowed in ids, so the escaped form is unambiguous,
     * and ids without ':' keep the plain documented key.
     */
    String redisKey() {
        return PREFIX + escape(userId) + ":" + escape(conversationId);
    }

    /** {@code memory:quarantine:{userId}:{conversationId}}: the conversation's quarantined messages. */
    String quarantineKey() {
        return QUARANTINE_PREFIX + escape(userId) + ":" + escape(conversationId);
    }

    private static String escape(String id) {
        return escapeId(id);
    }

    /** An id as it appears inside a key: ':' written as {@code %3A}. */
    static String escapeId(String id) {
        return id.replace(":", "%3A");
    }

    private static void requireId(String name, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            // The value itself is not echoed: it may be long or hold characters unfit for logs.
            throw new PlatformException(
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.INVALID_REQUEST,
                    "Invalid path",
                    name + " must be 1 to 200 characters of A-Z, a-z, 0-9, '.', '_', ':', '@' or '-'");
        }
    }
}
