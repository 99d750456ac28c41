/**
 * The usage ledger: one PostgreSQL row per usage event (schema {@code cost}), booked at most once
 * per event id, and the per-user sums budgets and usage reports are made of.
 */
package dev.agentplatform.cost.ledger;
