package dev.agentplatform.memory.cold;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the COLD tier: the graph of a user's entities and facts in Neo4j.
 *
 * @param uri the Neo4j server's Bolt URI ({@code NEO4J_URI}); blank turns the tier off (writes still
 *     reach HOT and WARM, COLD results are empty, stats say so)
 * @param username the Neo4j user ({@code NEO4J_USERNAME}, default {@code neo4j})
 * @param password its password ({@code NEO4J_PASSWORD}); blank connects without authentication (the
 *     embedded development server)
 * @param database the database (default {@code neo4j})
 * @param hops how far retrieval follows relationships from the query's entities (1 or 2, default 2)
 * @param hubDegree an entity with more facts than this is not passed through on the second hop:
 *     through a hub (the user themself) two hops reach everything (count, default 60)
 * @param candidates most facts read per search before ranking (count, default 2000)
 * @param weight COLD's weight in the fusion with WARM (reciprocal rank, WARM's list counts 1;
 *     default 1: below it every fact ranks after all of WARM's results)
 * @param inDefaultSearch whether a search that names no tiers fuses COLD in (default false: on the
 *     LoCoMo dev conversations it added no evidence recall worth its 100+ ms, see bench/memory); {@code "tiers": ["cold"]}
 *     or {@code ["warm","cold"]} always asks it
 */
@ConfigurationProperties("platform.memory.cold")
@Validated
public record ColdProperties(
        String uri,
        @DefaultValue("neo4j") @NotBlank String username,
        String password,
        @DefaultValue("neo4j") @NotBlank String database,
        @DefaultValue("2") @Min(1) @Max(2) int hops,
        @DefaultValue("60") @Min(1) int hubDegree,
        @DefaultValue("2000") @Min(1) int candidates,
        @DefaultValue("1.0") double weight,
        @DefaultValue("false") boolean inDefaultSearch) {

    public boolean enabled() {
        return uri != null && !uri.isBlank();
    }
}
