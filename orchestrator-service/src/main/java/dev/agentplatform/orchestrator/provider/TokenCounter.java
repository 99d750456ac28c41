package dev.agentplatform.orchestrator.provider;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.agentplatform.common.ChatMessage;
import java.util.List;

/** Counts tokens with the cl100k_base encoding (GPT-4 / GPT-3.5), a fair stand-in for any chat model. */
public final class TokenCounter {

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    /** Tokens in {@code text}; special-token markers in user text count as plain text, never fail. */
    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : CL100K.countTokensOrdinary(text);
    }

    /** Tokens in the contents of {@code messages}. */
    public int count(List<ChatMessage> messages) {
        return messages.stream().mapToInt(m -> count(m.content())).sum();
    }
}
