/**
 * Budget alerts: when a settled cost takes a budget past 50, 80 or 100% of its limit, or its
 * forecast says it will run out before the reset, an alert goes to the configured webhook (JSON,
 * signed with HMAC-SHA256, retried) and to the metrics, at most once per budget, threshold and
 * period across all instances.
 */
package dev.agentplatform.cost.alert;
