#!/usr/bin/env bash
# Replays one stream of public prompts through the platform three ways (smart routing with caches,
# smart routing alone, one premium model for everything) against the fake OpenAI upstream of
# ../shared/bench/peer, and prints the cost of each per 1M requests (bench/cost/replay.py).
#
# The catalog's premium model (claude-opus-4, $15/$75 per million tokens) is pointed at the same fake
# upstream (its Anthropic endpoint cannot run here), so every tier answers and is priced as the
# catalog says; the other entries without a key are skipped as in any deployment. Its rate cap (qps 20,
# Anthropic's) is lifted here: at the replay's pace the cap would send most "premium" requests on to
# the next model of the premium chain (gpt-4o) and understate what always-premium costs.
#
#   bench/cost/run-replay.sh            # N=2000 S=1.0 WORDS=200 (the fake's answer length in words)
set -euo pipefail
cd "$(dirname "$0")/../.."
PEER="${PEER:-../shared/bench/peer}"
WORDS="${WORDS:-200}"
FAKE_PORT="${FAKE_PORT:-18080}"
export PLATFORM_ADMIN_KEY="${PLATFORM_ADMIN_KEY:-replay-admin-key}"
export OPENAI_BASE_URL="http://127.0.0.1:$FAKE_PORT/v1" OPENAI_API_KEY=sk-replay
export SPRING_APPLICATION_JSON="{\"platform\":{\"orchestrator\":{\"providers\":{\"claude-opus-4\":{\"type\":\"openai-compatible\",\"base-url\":\"$OPENAI_BASE_URL\",\"api-key\":\"sk-replay\",\"qps\":100000}}}}}"
node "$PEER/fake-llm.js" --port="$FAKE_PORT" --words="$WORDS" --quiet >/tmp/replay-fake.log 2>&1 &
FAKE=$!
trap 'kill $FAKE 2>/dev/null || true; [[ "${PLATFORM_UP:-1}" == 1 ]] && ./platform down >/dev/null 2>&1 || true' EXIT
if [[ "${PLATFORM_UP:-1}" == 1 ]]; then
  rm -rf .platform/data .platform/tmp/semantic-cache*
  ./platform up >/tmp/replay-up.log 2>&1 || { tail -20 /tmp/replay-up.log; exit 1; }
fi
python3 bench/cost/replay.py "$@"
