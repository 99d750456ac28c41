/**
 * Contracts the platform's services exchange over HTTP and Redis Streams: request, result and
 * event records, and the names of streams, headers and problem types. No behaviour lives here.
 */
package dev.agentplatform.common;
