#!/usr/bin/env bash
# scenario3.sh - the seed's scenario 3 as a load test: the simulated provider answering in 1.2 s,
# open-loop 100 req/s and then 500 req/s for 60 s each, half cacheable prompts and half unique.
# Reports per rate: status counts, p50/p95/p99, answers per agent and cache result, shed answers
# (429/503) with Retry-After, and each JVM's resident memory before and after.
#
#   bench/e2e/scenario3.sh   # RATES="100 500" SECONDS_EACH=60 UNIQUE=0.5 LATENCY_MS=1200, after
#                            # WARMUP_SECONDS=30 at WARMUP_RATE=100
#   UPSTREAM=fake bench/e2e/scenario3.sh   # the catalog's OpenAI models on the fake upstream of
#                            # ../shared/bench/peer at LATENCY_MS instead of the simulated provider:
#                            # real tiers, so degrading to cheaper models under overload shows
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RATES="${RATES:-100 500}"
SECONDS_EACH="${SECONDS_EACH:-60}"
UNIQUE="${UNIQUE:-0.5}"
LATENCY_MS="${LATENCY_MS:-1200}"
OUT="$HERE/results/scenario3-$(date +%Y%m%d).jsonl"
RUN="$ROOT/.platform/run"

FAKE_PID=""
trap '(cd "$ROOT" && ./platform down >/dev/null 2>&1) || true; [[ -n "$FAKE_PID" ]] && kill "$FAKE_PID" 2>/dev/null || true' EXIT

unset OPENAI_API_KEY ANTHROPIC_API_KEY GROQ_API_KEY OPENAI_BASE_URL
if [[ "${UPSTREAM:-simulated}" == fake ]]; then
  # OpenAI's models of the catalog, answered by the fake upstream after LATENCY_MS
  node "$ROOT/../shared/bench/peer/fake-llm.js" --port=18080 --quiet=1 >/tmp/scenario3-fake.log 2>&1 &
  FAKE_PID=$!
  sleep 1
  curl -s -X POST http://127.0.0.1:18080/__fake/config -d "{\"latency_ms\": $LATENCY_MS}" >/dev/null
  export OPENAI_BASE_URL=http://127.0.0.1:18080/v1 OPENAI_API_KEY=sk-scenario3
else
  # no provider key: the simulated provider answers, at the seed's 1.2 s
  export PLATFORM_ORCHESTRATOR_SIMULATED_LATENCYMS="$LATENCY_MS"
fi
# the platform's own limits (global 10,000 requests a minute unless PLATFORM_GATEWAY_RATELIMIT_*
# says otherwise): what sheds the load beyond them is part of what is measured
(cd "$ROOT" && ./platform down >/dev/null 2>&1 || true; ./platform up >/tmp/scenario3-up.log 2>&1) ||
  { tail -n 20 /tmp/scenario3-up.log >&2; exit 1; }
KEY="$(grep -oE "Bearer [^'\" ]+" /tmp/scenario3-up.log | head -1 | cut -d' ' -f2)"

rss() {
  local svc pid
  for svc in gateway-service router-service orchestrator-service cost-service memory-service mcp-service; do
    pid="$(cat "$RUN/$svc.pid" 2>/dev/null || true)"
    [[ -n "$pid" ]] && printf '%s=%s ' "${svc%-service}" "$(awk '/VmRSS/{printf "%.0fMB", $2/1024}' "/proc/$pid/status" 2>/dev/null)"
  done
  echo
}

# warm-up, not reported: the first minute after a start runs on cold JIT code and cold caches
# (measured: p95 7.7 s in the first minute at 100 req/s, 1.4 s in the next)
node "$HERE/open-loop.js" --url=http://127.0.0.1:8080/v1/chat/completions --key="$KEY" \
  --rate="${WARMUP_RATE:-100}" --seconds="${WARMUP_SECONDS:-30}" --unique="$UNIQUE" --label=warm-up >/dev/null

for rate in $RATES; do
  before="$(rss)"
  line="$(node "$HERE/open-loop.js" --url=http://127.0.0.1:8080/v1/chat/completions --key="$KEY" \
    --rate="$rate" --seconds="$SECONDS_EACH" --unique="$UNIQUE" --label="scenario3 ${rate}/s ${LATENCY_MS}ms")"
  after="$(rss)"
  alive=""
  for svc in gateway-service router-service orchestrator-service cost-service memory-service mcp-service; do
    kill -0 "$(cat "$RUN/$svc.pid")" 2>/dev/null || alive+="$svc died; "
  done
  echo "$line" | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); d["rss_before"]=sys.argv[1]; d["rss_after"]=sys.argv[2]; d["died"]=sys.argv[3]; print(json.dumps(d))' \
    "$before" "$after" "$alive" | tee -a "$OUT"
  sleep 10
done
