#!/usr/bin/env python3
"""JSON lines of run-bench.sh -> a markdown table: throughput, latency, added latency over the
direct upstream at the same upstream latency and mode, and CPU ms per request per process."""
import json
import sys

if sys.argv[1] == "--one":
    # one run from stdin, as one line on stderr while the bench goes on
    r = json.loads(sys.stdin.read())
    total = sum(v for k, v in r["cpu_ms_per_req"].items() if k != "upstream")
    print(f"{r['label']:28s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.2f}  p99 {r['p99_ms']:7.2f}  "
          f"errors {r['non2xx_or_errors']}  cpu/req {total:.2f} ms", file=sys.stderr)
    sys.exit(0)

runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
conns = sys.argv[2] if len(sys.argv) > 2 else "?"
direct = {(r["mode"], r["upstream_ms"]): r for r in runs if r["target"] == "direct"}
procs = []
for r in runs:
    for k in r["cpu_ms_per_req"]:
        if k not in procs and k != "upstream":
            procs.append(k)

print(f"| target | mode | cache | upstream | req/s | p50 ms | p90 ms | p99 ms | added p50/p99 ms | errors | CPU ms/req (all) | "
      + " | ".join(procs) + " |")
print("|" + "---|" * (11 + len(procs)))
for r in runs:
    d = direct.get((r["mode"], r["upstream_ms"]))
    added = "" if r["target"] == "direct" or r["cache"] == "hit" or d is None else f"+{r['p50_ms'] - d['p50_ms']:.1f} / +{r['p99_ms'] - d['p99_ms']:.1f}"
    cpu = r["cpu_ms_per_req"]
    total = sum(v for k, v in cpu.items() if k != "upstream")
    cells = [f"{cpu[p]:.2f}" if p in cpu else "" for p in procs]
    print(f"| {r['target']} | {r['mode']} | {r['cache']} | {r['upstream_ms']} ms | {r['rps']:.0f} | {r['p50_ms']:.2f} | "
          f"{r['p90_ms']:.2f} | {r['p99_ms']:.2f} | {added} | {r['non2xx_or_errors']} | {total:.2f} | " + " | ".join(cells) + " |")
print()
print(f"{conns} connections, closed loop (wrk). CPU per request from /proc (utime+stime of every thread; "
      "PostgreSQL with its backends), the upstream not counted. Portkey is pinned to one core; ours uses both.")
