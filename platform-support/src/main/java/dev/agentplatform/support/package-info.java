/**
 * Wiring every service shares and none owns: RFC 9457 problem responses, request ids carried on
 * inbound and outbound calls and in the logs, infrastructure URLs from the environment, and
 * observability defaults. Registered as Spring Boot auto-configuration.
 */
package dev.agentplatform.support;
