/**
 * The way from an accepted write to the WARM index: {@link dev.agentplatform.memory.ingest.IngestQueue}
 * puts each write in a Redis stream (the request answers 202 at once), {@link
 * dev.agentplatform.memory.ingest.IngestStreamConsumer} embeds and indexes it on the platform's
 * stream runner (retries, dead letters, takeover of a dead member's entries) and deletes it from
 * the stream, so what is in the stream is exactly what is pending.
 */
package dev.agentplatform.memory.ingest;
