package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.orchestrator.provider.TokenCounter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Fits a conversation's history into a model's budget: the newest messages that fit, in order.
 * System messages the client sent are kept whatever the budget, since they carry its instructions.
 */
@Component
class HistoryBudget {

    private final TokenCounter tokens = new TokenCounter();

    /** The messages of {@code history} that fit in {@code budget} tokens; all of them when 0 or less. */
    List<ChatMessage> fit(List<ChatMessage> history, int budget) {
        if (budget <= 0 || history.isEmpty()) {
            return history;
        }
        List<ChatMessage> kept = new ArrayList<>();
        int used = 0;
        boolean full = false;
        for (int i = history.size() - 1; i >= 0; i--) {
            ChatMessage message = history.get(i);
            boolean system = "system".equals(message.role()) || "developer".equals(message.role());
            int cost = tokens.count(message.content()) + 4;
            if (system || (!full && used + cost <= budget)) {
                kept.add(message);
                used += cost;
            } else {
                // once one message does not fit, no older one may jump the gap
                full = true;
            }
        }
        Collections.reverse(kept);
        return kept;
    }
}
