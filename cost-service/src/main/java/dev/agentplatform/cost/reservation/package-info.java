/**
 * Reserve, then settle: before a paid call the orchestrator holds its worst case in every budget
 * that applies, in one Redis Lua step shared by all instances ({@code POST /v1/reservations}); the
 * call's actual cost replaces the hold ({@code POST /v1/reservations/{id}/settle}), a failed call
 * gives it back ({@code DELETE /v1/reservations/{id}}), and a hold nobody settles expires with its
 * lease. Redis holds only counters: the PostgreSQL ledger stays the source of truth, and a counter
 * Redis lost is seeded from it again ({@link SpendCounters}).
 */
package dev.agentplatform.cost.reservation;
