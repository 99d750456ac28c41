#!/usr/bin/env bash
# The MCP chaos bench: SIGKILL the primary server process of a capability every N seconds during many calls
# (mcp-service's PrimaryKillChaosIT, skipped unless -Dbench.mcp.chaos=true). Needs PostgreSQL and Redis as the
# module's tests do (DATABASE_URL, REDIS_URL). Usage: bench/mcp/run-chaos.sh [calls] [kill-every-s] [interval-ms]
set -euo pipefail
cd "$(dirname "$0")/../.."
calls="${1:-1000}"
kill_every="${2:-10}"
interval="${3:-100}"
flock -o /tmp/build.lock ./mvnw -B -q -pl mcp-service -am verify \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=PrimaryKillChaosIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.mcp.chaos=true \
  -Dbench.mcp.chaos.calls="$calls" \
  -Dbench.mcp.chaos.kill-every-seconds="$kill_every" \
  -Dbench.mcp.chaos.call-interval-ms="$interval" \
  -Dbench.mcp.chaos.open-for=5s
cat mcp-service/target/bench-mcp-chaos.txt
