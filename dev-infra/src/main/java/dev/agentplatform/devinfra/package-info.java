/**
 * Real Redis and PostgreSQL for local runs and tests: the servers named by {@code REDIS_URL} and
 * {@code DATABASE_URL} when set, embedded real servers (Redis binary, PostgreSQL binaries)
 * otherwise. Never on a service's runtime classpath.
 */
package dev.agentplatform.devinfra;
