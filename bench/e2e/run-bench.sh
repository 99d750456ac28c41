#!/usr/bin/env bash
# run-bench.sh - the whole request path under load: a chat completion through all six services as
# ./platform starts them, against an OpenAI-compatible fake upstream, side by side with Portkey's
# plain proxy of the same upstream, in one run. Prints a markdown table and writes it with the raw
# JSON lines to bench/e2e/results/.
#
#   bench/e2e/run-bench.sh                     # default matrix, ~10 min
#   LATENCIES=0 MODES=json CACHES=miss DURATION=10 WARMUP=20 bench/e2e/run-bench.sh   # quick look
#
# For each run of ours: req/s, p50/p90/p99 (wrk, closed loop, fixed connections) and the CPU time
# per request of every process on the path (each JVM, Redis, PostgreSQL with its backends, the fake
# upstream), read from /proc before and after the run (proc_cpu.py).
#
# Settings (environment):
#   PEER_DIR=../shared/bench/peer (fake-llm.js, load.sh, Portkey in node_modules)
#   CONNS=16  DURATION=20  WARMUP=60 (load on ours before the first measured run, for the JIT)
#   LATENCIES="0 50"  MODES="json stream"  CACHES="miss hit"  PORTKEY=1 (0: skip Portkey)
#   PK_CPUS=0 (taskset list for Portkey: one core, as the peer harness gives it)
#   PLATFORM_UP=1 (0: use a platform that is already up and pointed at the fake upstream on 18080)
#   Any ./platform setting (PLATFORM_JAVA_OPTS, ...) passes through.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PEER_DIR="$(cd "${PEER_DIR:-$ROOT/../shared/bench/peer}" && pwd)"
CONNS="${CONNS:-16}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-60}"
LATENCIES="${LATENCIES:-0 50}"
MODES="${MODES:-json stream}"
CACHES="${CACHES:-miss hit}"
PORTKEY="${PORTKEY:-1}"
PK_CPUS="${PK_CPUS:-0}"
PLATFORM_UP="${PLATFORM_UP:-1}"
FAKE_PORT=18080
PK_PORT=18787
GW=http://127.0.0.1:8080
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="$HERE/results/tmp-$STAMP"
mkdir -p "$OUT"
LINES="$OUT/runs.jsonl"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v node >/dev/null || { echo "node is missing" >&2; exit 1; }
if [[ "$PORTKEY" == 1 && ! -f "$PEER_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" ]]; then
  (cd "$PEER_DIR" && npm ci --no-audit --no-fund >/dev/null 2>&1) || { echo "npm ci in $PEER_DIR failed" >&2; exit 1; }
fi

FAKE_PID="" PK_PID=""
cleanup() {
  [[ "$PLATFORM_UP" == 1 ]] && (cd "$ROOT" && ./platform down >/dev/null 2>&1 || true)
  [[ -n "$PK_PID" ]] && kill "$PK_PID" 2>/dev/null || true
  [[ -n "$FAKE_PID" ]] && kill "$FAKE_PID" 2>/dev/null || true
}
trap cleanup EXIT

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

timeout 5400 node "$PEER_DIR/fake-llm.js" --port=$FAKE_PORT --max-lifetime-s=5400 >"$OUT/fake.log" 2>&1 &
FAKE_PID=$!
for _ in $(seq 1 50); do curl -s -m 1 -o /dev/null http://127.0.0.1:$FAKE_PORT/healthz && break; sleep 0.1; done
UPSTREAM_PID="$(pgrep -P "$FAKE_PID" | head -1 || echo "$FAKE_PID")"

if [[ "$PLATFORM_UP" == 1 ]]; then
  log "starting the platform (./platform up) against the fake upstream"
  export OPENAI_BASE_URL=http://127.0.0.1:$FAKE_PORT/v1 OPENAI_API_KEY=sk-bench
  export PLATFORM_GATEWAY_RATELIMIT_GLOBALPERMINUTE=${PLATFORM_GATEWAY_RATELIMIT_GLOBALPERMINUTE:-100000000}
  (cd "$ROOT" && ./platform down >/dev/null 2>&1 || true; ./platform up >"$OUT/up.log" 2>&1) ||
    { tail -n 20 "$OUT/up.log" >&2; exit 1; }
fi
KEY="$(grep -oE "Bearer [^'\" ]+" "$OUT/up.log" 2>/dev/null | head -1 | cut -d' ' -f2 || true)"
KEY="${KEY:-${PLATFORM_DEV_KEY:-dev-local-key}}"

if [[ "$PORTKEY" == 1 ]]; then
  timeout 5400 taskset -c "$PK_CPUS" node "$PEER_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" \
    --port=$PK_PORT --headless >"$OUT/portkey.log" 2>&1 &
  PK_PID=$!
  for _ in $(seq 1 100); do curl -s -m 1 -o /dev/null http://127.0.0.1:$PK_PORT/ && break; sleep 0.1; done
fi

# the processes whose CPU is counted: each service, Redis and PostgreSQL as ./platform started them
RUN="$ROOT/.platform/run"
watch_list() {
  local list="" svc pid
  for svc in gateway-service router-service orchestrator-service cost-service memory-service mcp-service; do
    pid="$(cat "$RUN/$svc.pid" 2>/dev/null || true)"
    [[ -n "$pid" ]] && list+="${list:+,}${svc%-service}=$pid"
  done
  # the embedded ones when ./platform started them, else the machine's own
  pid="$(pgrep -f 'redis-server.*:16379' | head -1 || pgrep -f 'redis-server.*:6379' | head -1 || true)"
  [[ -n "$pid" ]] && list+=",redis=$pid"
  pid="$(pgrep -f "postgres -D $ROOT/.platform" | head -1 || pgrep -f 'postgres -D' | head -1 || true)"
  [[ -n "$pid" ]] && list+=",postgres=$pid"
  [[ -n "$UPSTREAM_PID" ]] && list+=",upstream=$UPSTREAM_PID"
  echo "$list"
}
WATCH="$(watch_list)"

# The run's stamp in the system prompt: no answer cached by an earlier run (the semantic index
# outlives restarts) matches, so "hit" rows are exact hits of this run's first answer.
BODY="$OUT/body.json"
printf '%s' '{"model":"auto","messages":[{"role":"system","content":"You are a terse assistant. Run '"$STAMP"'."},{"role":"user","content":"Summarize in one sentence why gateway latency matters."}],"max_tokens":64}' >"$BODY"
SBODY="$OUT/body-stream.json"
printf '%s' '{"model":"auto","messages":[{"role":"system","content":"You are a terse assistant. Run '"$STAMP"'."},{"role":"user","content":"Summarize in one sentence why gateway latency matters."}],"max_tokens":64,"stream":true}' >"$SBODY"

latency() { curl -s -X POST http://127.0.0.1:$FAKE_PORT/__fake/config -d "{\"latency_ms\": $1}" >/dev/null; }

# one measured run: TARGET MODE CACHE LATENCY -> a JSON line with the load result and CPU per request
measure() {
  local target="$1" mode="$2" cache="$3" lat="$4" url headers=() body="$BODY" label
  label="$target $mode $cache ${lat}ms"
  [[ "$mode" == stream ]] && body="$SBODY"
  case "$target" in
    ours) url="$GW/v1/chat/completions"; headers=(-H "Authorization: Bearer $KEY")
      [[ "$cache" == miss ]] && headers+=(-H 'Cache-Control: no-cache, no-store') ;;
    portkey) url="http://127.0.0.1:$PK_PORT/v1/chat/completions"
      headers=(-H 'Authorization: Bearer sk-bench' -H 'x-portkey-provider: openai' -H "x-portkey-custom-host: http://127.0.0.1:$FAKE_PORT/v1") ;;
    direct) url="http://127.0.0.1:$FAKE_PORT/v1/chat/completions"; headers=(-H 'Authorization: Bearer sk-bench') ;;
  esac
  local watch="$WATCH"
  [[ "$target" == portkey ]] && watch="portkey=$(pgrep -P "$PK_PID" | head -1 || echo "$PK_PID"),upstream=$UPSTREAM_PID"
  [[ "$target" == direct ]] && watch="upstream=$UPSTREAM_PID"
  python3 "$HERE/proc_cpu.py" snap "$watch" >"$OUT/before.json"
  local line
  line="$("$PEER_DIR/load.sh" -u "$url" "${headers[@]}" -b "$body" -c "$CONNS" -d "$DURATION" -l "$label" 2>/dev/null | tail -1)"
  python3 "$HERE/proc_cpu.py" snap "$watch" >"$OUT/after.json"
  python3 - "$line" "$OUT/before.json" "$OUT/after.json" "$target" "$mode" "$cache" "$lat" <<'PY' >>"$LINES"
import json, os, sys
run = json.loads(sys.argv[1])
before, after = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
hz = os.sysconf("SC_CLK_TCK")
n = max(run["requests"], 1)
cpu = {k: round((after[k]["ticks"] - before.get(k, {"ticks": 0})["ticks"]) * 1000.0 / hz / n, 3) for k in after}
run.update(target=sys.argv[4], mode=sys.argv[5], cache=sys.argv[6], upstream_ms=int(sys.argv[7]), cpu_ms_per_req=cpu)
print(json.dumps(run))
PY
  tail -1 "$LINES" | python3 "$HERE/report.py" --one
}

latency 0
if [[ "$WARMUP" -gt 0 ]]; then
  log "warming up ours for ${WARMUP} s (JIT)"
  # load.sh takes at most 120 s a run: longer warm-ups go in parts
  for ((left = WARMUP; left > 0; left -= 120)); do
    "$PEER_DIR/load.sh" -u "$GW/v1/chat/completions" -H "Authorization: Bearer $KEY" -H 'Cache-Control: no-cache, no-store' \
      -b "$BODY" -c "$CONNS" -d "$((left > 120 ? 120 : left))" >/dev/null 2>&1 || true
  done
  [[ "$PORTKEY" == 1 ]] && "$PEER_DIR/load.sh" -u "http://127.0.0.1:$PK_PORT/v1/chat/completions" -H 'Authorization: Bearer sk-bench' \
    -H 'x-portkey-provider: openai' -H "x-portkey-custom-host: http://127.0.0.1:$FAKE_PORT/v1" -b "$BODY" -c "$CONNS" -d 10 >/dev/null 2>&1 || true
fi

for lat in $LATENCIES; do
  latency "$lat"
  for mode in $MODES; do
    measure direct "$mode" - "$lat"
    for cache in $CACHES; do measure ours "$mode" "$cache" "$lat"; done
    [[ "$PORTKEY" == 1 ]] && measure portkey "$mode" - "$lat"
  done
done
latency 0

REPORT="$HERE/results/e2e-$(date +%Y%m%d).md"
python3 "$HERE/report.py" "$LINES" "$CONNS" | tee "$REPORT.tmp"
{ echo; echo "<!-- $STAMP: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1) -->"; } >>"$REPORT.tmp"
mv "$REPORT.tmp" "$REPORT"
cp "$LINES" "$HERE/results/e2e-$(date +%Y%m%d).jsonl"
log "report: $REPORT"
