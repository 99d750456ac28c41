/**
 * Request size limits: bodies over the configured size get a 413 problem, whether they declare
 * their length or stream it chunked, on the gateway's own endpoints and on proxied routes alike.
 */
package dev.agentplatform.gateway.limits;
