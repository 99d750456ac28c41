#!/usr/bin/env bash
# Exact-cache hit throughput of the gateway as ./platform runs it (its JVM flags, the whole platform
# on the machine, nothing pinned but the load generator), against an already running platform:
#
#   PLATFORM_GATEWAY_RATELIMIT_GLOBALPERMINUTE=100000000 ./platform up && bench/gateway/platform-hit.sh
#
# (the global limit of 10,000 requests a minute would otherwise refuse nearly all of the load; the
# per-key script still runs on every request). Fails when any answer was not a 2xx.
#
# Issues an enterprise key through the admin API (PLATFORM_ADMIN_KEY), fills the cache with one
# request, checks X-Cache: HIT-EXACT, then runs ../shared/bench/peer/load.sh (wrk pinned to CPU 1,
# CONNS connections, WARMUP s discarded, DURATION s measured) and revokes the key.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PEER="${PEER:-$HERE/../../../shared/bench/peer}"
GW="${GW:-http://127.0.0.1:8080}"
: "${PLATFORM_ADMIN_KEY:?set PLATFORM_ADMIN_KEY (the platform admin key)}"
OUT="$HERE/results"; mkdir -p "$OUT"
issued=$(curl -fs -X POST "$GW/admin/v1/keys" -H "Authorization: Bearer $PLATFORM_ADMIN_KEY" \
  -H 'Content-Type: application/json' -d '{"userId": "bench-platform-hit-'"$$"'", "tier": "enterprise"}')
id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$issued")
key=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["key"])' "$issued")
bodyfile=$(mktemp)
trap 'rm -f "$bodyfile"; curl -fs -o /dev/null -X DELETE "$GW/admin/v1/keys/$id" -H "Authorization: Bearer $PLATFORM_ADMIN_KEY" || true' EXIT
body='{"model":"auto","messages":[{"role":"system","content":"You are a terse assistant."},{"role":"user","content":"Summarize in one sentence why gateway latency matters."}],"max_tokens":64}'
printf '%s' "$body" >"$bodyfile"
for _ in 1 2; do
  xc=$(curl -fs -D - -o /dev/null -X POST "$GW/v1/chat/completions" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -d "$body" | grep -i '^x-cache:' | tr -d '\r')
done
echo "platform-hit: $xc" >&2
gw_pid=$(pgrep -f 'gateway-service.jar' | head -1)
"$PEER/load.sh" -u "$GW/v1/chat/completions" -H "Authorization: Bearer $key" \
  -b "$bodyfile" -c "${CONNS:-16}" -d "${DURATION:-15}" -W "${WARMUP:-30}" -C 1 -l platform-hit -w gw="$gw_pid" \
  -o "$OUT/platform-hit-$(date -u +%Y%m%d-%H%M%S).jsonl" | tee /dev/stderr \
  | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); sys.exit(1 if d["non2xx_or_errors"] else 0)' \
  || { echo "platform-hit: some answers were not 2xx (rate limited?)" >&2; exit 1; }
