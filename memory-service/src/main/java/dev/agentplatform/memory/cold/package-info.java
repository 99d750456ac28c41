/**
 * The COLD tier: a user's entities and the facts between them, with time and provenance, in Neo4j.
 * {@link dev.agentplatform.memory.cold.RuleExtractor} reads them from messages without a model,
 * {@link dev.agentplatform.memory.cold.ColdGraph} keeps them (every query filtered by the user in
 * its own patterns), {@link dev.agentplatform.memory.cold.ColdSearch} finds the facts around the
 * entities a query names.
 */
package dev.agentplatform.memory.cold;
