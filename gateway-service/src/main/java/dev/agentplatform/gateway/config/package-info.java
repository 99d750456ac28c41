/**
 * Cross-cutting wiring of the gateway: problem responses written outside controllers (by filters
 * and for proxied routes), and how strictly request JSON is read.
 */
package dev.agentplatform.gateway.config;
