/** Test helpers that speak HTTP below the level of a client library: {@link RawHttp}. */
package dev.agentplatform.support.http;
