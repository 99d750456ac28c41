package dev.agentplatform.memory.memories;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.agentplatform.common.MemoryContext;
import dev.agentplatform.common.MemoryMessage;
import dev.agentplatform.memory.cold.ColdSearch;
import dev.agentplatform.memory.hot.HotMemoryStore;
import dev.agentplatform.memory.warm.WarmQuery;
import dev.agentplatform.memory.warm.WarmSearch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.neo4j.driver.exceptions.Neo4jException;
import org.springframework.stereotype.Component;

/**
 * Packs what a model should see of a user's memory into a token budget: first the conversation's
 * most recent HOT turns (newest kept first, listed oldest first, since the model reads the
 * conversation in order), then the best WARM results for the query that are not already among those
 * turns, then the COLD facts about the query's entities that still hold, until the next item would
 * not fit.
 */
@Component
class ContextPacker {

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    /** At most this share of the budget goes to HOT turns, so WARM results always get a say. */
    private static final double HOT_SHARE = 0.5;

    private static final int WARM_CANDIDATES = 20;

    private static final int COLD_CANDIDATES = 5;

    private final HotMemoryStore hot;
    private final WarmSearch search;
    private final ColdSearch cold;

    ContextPacker(HotMemoryStore hot, WarmSearch search, Optional<ColdSearch> cold) {
        this.hot = hot;
        this.search = search;
        this.cold = cold.orElse(null);
    }

    MemoryContext pack(String userId, String conversationId, String query, int maxTokens) {
        int used = 0;
        Set<String> seen = new HashSet<>();
        List<MemoryContext.Item> turns = new ArrayList<>();
        if (conversationId != null) {
            List<MemoryMessage> recent = hot.recent(userId, conversationId);
            int hotBudget = (int) (maxTokens * HOT_SHARE);
            for (int i = recent.size() - 1; i >= 0; i--) {
                MemoryMessage m = recent.get(i);
                int tokens = tokens(m.content());
                if (used + tokens > hotBudget) {
                    break;
                }
                used += tokens;
                seen.add(m.content());
                turns.add(0, new MemoryContext.Item("hot", m.role(), m.content(), List.of(), m.at()));
            }
        }
        List<MemoryContext.Item> items = new ArrayList<>(turns);
        if (query != null && !query.isBlank()) {
            for (WarmSearch.Hit hit : search.search(WarmQuery.of(userId), query, WARM_CANDIDATES)) {
                String text = hit.memory().text();
                if (seen.contains(text)) {
                    continue;
                }
                int tokens = tokens(text);
                if (used + tokens > maxTokens) {
                    continue; // a shorter result further down may still fit
                }
                used += tokens;
                items.add(new MemoryContext.Item(
                        "warm", null, text, hit.memory().sources(), hit.memory().timestamp()));
            }
            if (cold != null) {
                List<ColdSearch.Hit> facts;
                try {
                    facts = cold.search(userId, query, COLD_CANDIDATES);
                } catch (Neo4jException e) {
                    facts = List.of(); // the graph away: the model still gets HOT and WARM
                }
                for (ColdSearch.Hit hit : facts) {
                    String text = ColdSearch.text(hit.fact());
                    int tokens = tokens(text);
                    if (hit.fact().validTo() != null || used + tokens > maxTokens) {
                        continue; // what no longer holds is not put before the model as a fact
                    }
                    used += tokens;
                    items.add(new MemoryContext.Item(
                            "cold",
                            null,
                            text,
                            List.of(hit.fact().source()),
                            hit.fact().validFrom()));
                }
            }
        }
        return new MemoryContext(items, used, maxTokens);
    }

    static int tokens(String text) {
        return CL100K.countTokensOrdinary(text);
    }
}
