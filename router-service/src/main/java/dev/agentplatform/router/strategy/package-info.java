/**
 * Strategy choice: SINGLE when one intent is clear, PARALLEL when the top intents are close,
 * CASCADE when a prompt carries several intents in sequence or is a long multi-step job.
 */
package dev.agentplatform.router.strategy;
