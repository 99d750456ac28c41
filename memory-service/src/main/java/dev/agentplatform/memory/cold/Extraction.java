package dev.agentplatform.memory.cold;

import java.util.List;

/**
 * What one message says in graph form: the entities it names and the facts between them.
 *
 * @param entities the entities, each once
 * @param facts the facts, in the order the message states them
 */
public record Extraction(List<Entity> entities, List<Fact> facts) {

    public Extraction {
        entities = List.copyOf(entities);
        facts = List.copyOf(facts);
    }

    /** Entity kinds the extractor tells apart. */
    public enum Type {
        PERSON,
        PLACE,
        ORGANIZATION,
        DATE,
        THING
    }

    /**
     * A person, place, organisation, date or thing.
     *
     * @param key its identity within a user's graph: the name lower-cased, spaces collapsed
     * @param name the name as first said
     * @param type its kind
     */
    public record Entity(String key, String name, Type type) {}

    /**
     * A relationship stated by a message: {@code subject predicate object}.
     *
     * @param subject the subject entity's key
     * @param predicate what relates them, lower case with underscores (e.g. {@code sister_of}, {@code lives_in})
     * @param object the object entity's key
     * @param functional whether a subject has one such object at a time, so a new one ends the old
     *     (one lives in one place; one paints many things)
     * @param when a time the sentence names for it ("last Saturday", "2022"), or {@code null}
     * @param sentence the sentence it was read from, as said
     */
    public record Fact(
            String subject, String predicate, String object, boolean functional, String when, String sentence) {}
}
