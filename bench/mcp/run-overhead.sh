#!/usr/bin/env bash
# The MCP router-overhead bench: the same tool call made directly with the MCP Java SDK client over stdio, through
# mcp-service's capability router in process, and over HTTP (mcp-service's RouterOverheadBenchIT, skipped unless
# -Dbench.mcp.overhead=true). Needs PostgreSQL and Redis as the module's tests do (DATABASE_URL, REDIS_URL).
# Usage: bench/mcp/run-overhead.sh [calls] [warm-up rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
calls="${1:-2000}"
warmup="${2:-500}"
flock -o /tmp/build.lock ./mvnw -B -o -q -pl mcp-service verify \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=RouterOverheadBenchIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.mcp.overhead=true \
  -Dbench.mcp.overhead.calls="$calls" \
  -Dbench.mcp.overhead.warmup="$warmup"
cat mcp-service/target/bench-mcp-overhead.txt
