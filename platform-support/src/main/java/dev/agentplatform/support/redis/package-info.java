/** Redis helpers shared by the services. */
package dev.agentplatform.support.redis;
