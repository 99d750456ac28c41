/**
 * Tests of what operators deploy: the Helm chart under {@code deploy/helm} (linted and rendered by
 * real Helm through helm-java), {@code docker-compose.yml} ({@code docker-compose config}), the
 * alert rules ({@code promtool}) and the metric queries of the dashboards and rules. Tests that need
 * a binary this machine lacks are skipped, not failed; {@code .ci/run} installs them.
 */
package dev.agentplatform.deploy;
