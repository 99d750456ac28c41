/** Cross-cutting wiring of the cost service. */
package dev.agentplatform.cost.config;
