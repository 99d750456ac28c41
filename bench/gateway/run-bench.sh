#!/usr/bin/env bash
# Exact-cache hit throughput and latency of the gateway, and what the input guard adds to it.
#
#   bench/gateway/run-bench.sh            # after ./mvnw -pl gateway-service package -DskipTests
#
# Starts its own redis-server (free port, no persistence), a stub router (stub-router.js) and the
# gateway jar pinned to CPU 0; wrk (via ../../../shared/bench/peer/load.sh), Redis and the stub run
# pinned to CPU 1.
# Issues an enterprise key (no per-key limit), sends one request to fill the cache, then measures.
# JVM flags for the gateway: GC_OPTS (heap, collector, JIT; default: as ./platform), JAVA_OPTS (e.g. a JFR recording). ONLY=exact-hit skips run (2);
# GW_ARGS adds application arguments to run (1).
# Runs: (1) hit path with the rate limit script active (global limit raised so it never refuses),
# (2) the same with the guard disabled, to isolate the guard's cost. Stops everything it started.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PEER="${PEER:-/work/shared/bench/peer}"
JAR="${JAR:-$ROOT/gateway-service/target/gateway-service.jar}"
DURATION="${DURATION:-15}" CONNS="${CONNS:-16}"
OUT="$HERE/results"; mkdir -p "$OUT"
STAMP="$(date -u +%Y%m%d-%H%M%S)"; LOG="$OUT/tmp-$STAMP"; mkdir -p "$LOG"
# the gateway's heap and JVM flags as ./platform starts it
PLATFORM_FLAGS="-Xms384m -Xmx384m -Xmn192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
REDIS_PORT=16391 ROUTER_PORT=18090 GW_PORT=18088 ADMIN=bench-admin-key-1
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

taskset -c 1 redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$LOG/redis.log" 2>&1 &
PIDS+=($!)
PORT=$ROUTER_PORT taskset -c 1 node "$HERE/stub-router.js" >"$LOG/router.log" 2>&1 &
PIDS+=($!)

start_gateway() { # $1 = label, rest = extra args
  local label="$1"; shift
  taskset -c 0 java ${GC_OPTS:-$PLATFORM_FLAGS} ${JAVA_OPTS:-} -Djava.io.tmpdir="$LOG/tmp-$label" -jar "$JAR" \
    --server.port=$GW_PORT --server.address=127.0.0.1 \
    --spring.data.redis.url=redis://127.0.0.1:$REDIS_PORT \
    --platform.gateway.routes.router-url=http://127.0.0.1:$ROUTER_PORT \
    --platform.gateway.auth.admin-key=$ADMIN \
    --platform.gateway.ratelimit.global-per-minute=100000000 \
    --management.otlp.metrics.export.enabled=false --logging.level.root=WARN "$@" >"$LOG/gateway-$label.log" 2>&1 &
  GW_PID=$!; PIDS+=($GW_PID)
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "http://127.0.0.1:$GW_PORT/actuator/health" && return 0
    sleep 0.5
  done
  echo "gateway did not start" >&2; tail -n 30 "$LOG/gateway-$label.log" >&2; exit 1
}

measure() { # $1 = label
  local label="$1"
  KEY=""
  for _ in 1 2 3; do # the first Redis call of a fresh JVM on a busy core can exceed the command timeout
    KEY=$(curl -fs -X POST "http://127.0.0.1:$GW_PORT/admin/v1/keys" -H "Authorization: Bearer $ADMIN" \
      -H 'Content-Type: application/json' -d '{"userId": "bench", "tier": "enterprise"}' \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])' 2>/dev/null) && break
    sleep 1
  done
  [ -n "$KEY" ] || { echo "could not issue a key" >&2; exit 1; }
  # fill the cache with the load generator's own body
  curl -fs -o /dev/null -X POST "http://127.0.0.1:$GW_PORT/v1/chat/completions" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' \
    -d '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a terse assistant."},{"role":"user","content":"Summarize in one sentence why gateway latency matters."}],"max_tokens":64}'
  local xc; xc=$(curl -fs -D - -o /dev/null -X POST "http://127.0.0.1:$GW_PORT/v1/chat/completions" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' \
    -d '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a terse assistant."},{"role":"user","content":"Summarize in one sentence why gateway latency matters."}],"max_tokens":64}' | grep -i '^x-cache:' | tr -d '\r')
  echo "$label: $xc" >&2
  "$PEER/load.sh" -u "http://127.0.0.1:$GW_PORT/v1/chat/completions" -H "Authorization: Bearer $KEY" \
    -c "$CONNS" -d "$DURATION" -W "${WARMUP:-30}" -C 1 -l "$label" -w gw=$GW_PID -o "$OUT/bench-$STAMP.jsonl"
}

start_gateway guard-on ${GW_ARGS:-}
measure exact-hit
[ "${ONLY:-}" = exact-hit ] && exit 0
kill "$GW_PID"; wait "$GW_PID" 2>/dev/null || true
start_gateway guard-off --platform.gateway.guard.enabled=false
measure exact-hit-no-guard
echo "results: $OUT/bench-$STAMP.jsonl" >&2
