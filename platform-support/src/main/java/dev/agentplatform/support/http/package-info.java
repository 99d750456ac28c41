/** HTTP between the platform's services. */
package dev.agentplatform.support.http;
