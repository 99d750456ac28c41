#!/usr/bin/env python3
"""Replays one request stream through the running platform three ways and prices each per 1M requests.

  smart           model "auto" (routing to each agent's own model), caches on
  smart-no-cache  model "auto", Cache-Control: no-store (what routing alone saves)
  always-premium  one premium catalog model for every request, no-store (the seed's baseline)

The stream: N prompts drawn from the public routing prompts (../shared/data/routing/routing-train.jsonl)
with Zipf popularity (exponent S over a seeded shuffle), so a share of requests repeats an earlier one,
as traffic of many users asking the same questions does. S=0 draws uniformly (few repeats).

Needs the platform up with a provider key (e.g. OPENAI_BASE_URL at ../shared/bench/peer/fake-llm.js);
PLATFORM_ADMIN_KEY issues one enterprise key per mode (no rate limit or tier budget in the way).

  python3 bench/cost/replay.py [N=2000] [S=1.0] [PREMIUM=claude-opus-4-1-20250805] [SEED=7] [THREADS=8]
"""
import collections
import json
import os
import random
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

GW = os.environ.get("GW", "http://127.0.0.1:8080")
ADMIN = os.environ.get("PLATFORM_ADMIN_KEY", "")
DATA = os.environ.get("DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data/routing/routing-train.jsonl"))


def arg(name, default):
    for a in sys.argv[1:]:
        if a.startswith(name + "="):
            return type(default)(a.split("=", 1)[1])
    return type(default)(os.environ.get(name, default))


N, S, PREMIUM, SEED, THREADS = arg("N", 2000), arg("S", 1.0), arg("PREMIUM", "claude-opus-4-1-20250805"), arg("SEED", 7), arg("THREADS", 8)


def call(method, path, key, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(GW + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + key)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def key_for(mode):
    status, _, body = call("POST", "/admin/v1/keys", ADMIN,
                           {"userId": f"replay-{mode}-{int(time.time())}", "tier": "enterprise"})
    if status not in (200, 201):
        sys.exit(f"issuing a key: HTTP {status} {body[:200]!r}")
    return json.loads(body)["key"]


def stream():
    prompts = [json.loads(line)["prompt"] for line in open(DATA, encoding="utf-8") if line.strip()]
    rng = random.Random(SEED)
    rng.shuffle(prompts)
    weights = [1.0 / (rank + 1) ** S for rank in range(len(prompts))]
    return rng.choices(prompts, weights=weights, k=N)


def run(mode, prompts):
    key = key_for(mode)
    model = PREMIUM if mode == "always-premium" else "auto"
    headers = {} if mode == "smart" else {"Cache-Control": "no-store"}

    def one(prompt):
        status, h, body = call("POST", "/v1/chat/completions", key,
                               {"model": model, "messages": [{"role": "user", "content": prompt}]}, headers)
        h = {k.lower(): v for k, v in h.items()}
        answered = status == 200 and bool(json.loads(body)["choices"][0]["message"].get("content"))
        served_by = json.loads(body).get("model") if status == 200 else None
        return status, answered, float(h.get("x-cost-usd") or 0), h.get("x-cache", "-"), served_by

    started = time.time()
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(one, prompts))
    took = time.time() - started
    cost = sum(r[2] for r in results)
    return {
        "mode": mode,
        "requests": len(results),
        "statuses": dict(collections.Counter(r[0] for r in results)),
        "success": sum(r[1] for r in results) / len(results),
        "cache": dict(collections.Counter(r[3] for r in results)),
        "models": dict(collections.Counter(r[4] for r in results).most_common(6)),
        "cost": cost,
        "per_million": cost / len(results) * 1_000_000,
        "seconds": round(took, 1),
    }


def main():
    if not ADMIN:
        sys.exit("PLATFORM_ADMIN_KEY is not set")
    prompts = stream()
    distinct = len(set(prompts))
    print(f"stream: {N} requests, {distinct} distinct prompts ({1 - distinct / N:.1%} repeats), Zipf S={S}, seed {SEED}")
    rows = [run(mode, prompts) for mode in ("smart", "smart-no-cache", "always-premium")]
    premium = rows[-1]["per_million"]
    print("| mode | success | cache | models (top) | cost | per 1M requests | vs always-premium |")
    print("|---|---:|---|---|---:|---:|---:|")
    for r in rows:
        saving = 1 - r["per_million"] / premium if premium else float("nan")
        print(f"| {r['mode']} | {r['success']:.3f} | {r['cache']} | {r['models']} | ${r['cost']:.4f} "
              f"| ${r['per_million']:,.0f} | {saving:+.1%} cheaper |")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
