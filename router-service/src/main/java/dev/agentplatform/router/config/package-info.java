/** Cross-cutting wiring of the router: how strictly request JSON is read. */
package dev.agentplatform.router.config;
