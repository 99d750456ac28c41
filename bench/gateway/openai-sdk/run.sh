#!/usr/bin/env bash
# The official OpenAI SDK (npm `openai`) against a gateway jar with a stub router: see check.mjs.
#   ./mvnw -B -pl gateway-service -am package -DskipTests && bench/gateway/openai-sdk/run.sh
# Uses ports 18188 (gateway) and 18190 (stub router), no Redis (caches miss, limits fail open) and
# installs `openai` into a temporary directory; a fresh internal secret (the stub does not check it).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
JAR="${JAR:-$ROOT/gateway-service/target/gateway-service.jar}"
GW_PORT=18188 ROUTER_PORT=18190 KEY=sdk-check-key-1
WORK="$(mktemp -d /tmp/openai-sdk-check.XXXXXX)"
cleanup() { kill "${GW_PID:-}" "${ROUTER_PID:-}" 2>/dev/null || true; }
trap cleanup EXIT

(cd "$WORK" && npm install --silent --no-audit --no-fund openai >/dev/null)
cp "$HERE/check.mjs" "$WORK/"
PORT=$ROUTER_PORT node "$HERE/stub-router.js" >"$WORK/router.log" 2>&1 &
ROUTER_PID=$!
PLATFORM_INTERNAL_SECRET="$(head -c 48 /dev/urandom | base64)" PLATFORM_DEV_KEY=$KEY java -Xmx384m -XX:TieredStopAtLevel=1 -jar "$JAR" \
  --server.port=$GW_PORT --server.address=127.0.0.1 \
  --spring.data.redis.url=redis://127.0.0.1:1 \
  --spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none \
  --platform.gateway.semantic.enabled=false \
  --platform.gateway.routes.router-url=http://127.0.0.1:$ROUTER_PORT >"$WORK/gateway.log" 2>&1 &
GW_PID=$!
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$GW_PORT/actuator/health" && break
  sleep 1
done
GATEWAY_URL="http://127.0.0.1:$GW_PORT/v1" API_KEY=$KEY node "$WORK/check.mjs"
echo "tasks the router received: $WORK/router.log"
