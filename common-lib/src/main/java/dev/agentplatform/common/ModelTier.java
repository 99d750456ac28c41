package dev.agentplatform.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What an agent's answers may cost: the one tier vocabulary of agents, providers and budgets,
 * cheapest first. An agent's tier picks its default provider chain.
 */
public enum ModelTier {
    FREE,
    CHEAP,
    QUALITY,
    PREMIUM;

    /** 1 (free) to 4 (premium): the order of price, as routing and degradation compare tiers. */
    public int rank() {
        return ordinal() + 1;
    }

    /** The tier of rank 1 to 4. */
    public static ModelTier ofRank(int rank) {
        if (rank < 1 || rank > 4) {
            throw new IllegalArgumentException("a tier rank is 1 to 4, not " + rank);
        }
        return values()[rank - 1];
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tier of a name, any case; {@code IllegalArgumentException} naming the four otherwise. */
    @JsonCreator
    public static ModelTier of(String id) {
        for (ModelTier tier : values()) {
            if (tier.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return tier;
            }
        }
        throw new IllegalArgumentException("unknown tier '" + id + "': use free, cheap, quality or premium");
    }
}
