package dev.agentplatform.router.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.AgentDefinition;
import dev.agentplatform.common.ModelTier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link AgentStore} adapter must do. */
abstract class AgentStoreContract {

    /** A fresh, empty store. */
    protected abstract AgentStore store();

    private static AgentDefinition agent(String name) {
        return new AgentDefinition(
                name,
                "team",
                "does " + name,
                List.of("k1", "k two"),
                List.of("an example"),
                "You are " + name + ".",
                "groq",
                List.of("together", "openai"),
                List.of("calculator"),
                ModelTier.QUALITY,
                700);
    }

    @Test
    void insertsOnceLoadsInOrderAndBumpsTheVersion() {
        AgentStore store = store();
        long v0 = store.version();

        assertThat(store.insert(agent("a"))).isTrue();
        assertThat(store.insert(agent("b"))).isTrue();
        assertThat(store.insert(agent("a"))).isFalse();

        assertThat(store.load()).containsExactly(agent("a"), agent("b"));
        assertThat(store.version()).isGreaterThan(v0);
    }

    @Test
    void replacesAWholeDefinitionInPlaceAndBumpsTheVersion() {
        AgentStore store = store();
        store.insert(agent("r1"));
        store.insert(agent("r2"));
        long v = store.version();
        AgentDefinition changed = new AgentDefinition(
                "r1", "other", "does more", List.of(), List.of(), null, null, List.of(), List.of(), ModelTier.FREE, 50);

        assertThat(store.replace(changed)).isTrue();
        assertThat(store.replace(agent("absent"))).isFalse();

        assertThat(store.load()).containsExactly(changed, agent("r2"));
        assertThat(store.version()).isGreaterThan(v);
    }

    @Test
    void deletesOnlyWhatExists() {
        AgentStore store = store();
        store.insert(agent("c"));
        long v = store.version();

        assertThat(store.delete("c")).isTrue();
        assertThat(store.delete("c")).isFalse();
        assertThat(store.load()).isEmpty();
        assertThat(store.version()).isGreaterThan(v);
    }

    @Test
    void seedsOnlyOnceEvenAfterTheSeededAgentsAreDeleted() {
        AgentStore store = store();

        assertThat(store.seedOnce(List.of(agent("s1"), agent("s2")))).isTrue();
        store.delete("s1");
        assertThat(store.seedOnce(List.of(agent("s1"), agent("s2")))).isFalse();

        assertThat(store.load()).extracting(AgentDefinition::name).containsExactly("s2");
    }
}
