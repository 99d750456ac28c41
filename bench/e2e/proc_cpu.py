#!/usr/bin/env python3
"""CPU time per process and per thread group, read from /proc.

    proc_cpu.py snap NAME=PID[,NAME=PID...] > before.json
    proc_cpu.py diff before.json after.json [--requests N] [--threads]

`snap` records utime+stime of every process (children included for PostgreSQL: every backend
whose parent is the given pid) and of each thread, grouped by thread name with trailing digits
removed (so "reactor-http-epoll-1" and "-2" add up). `diff` prints CPU ms per process and, with
--requests, per request; with --threads also the top thread groups of each process.
"""
import json
import os
import re
import sys

HZ = os.sysconf("SC_CLK_TCK")


def stat_fields(path):
    with open(path) as f:
        data = f.read()
    name = data[data.index("(") + 1:data.rindex(")")]
    rest = data[data.rindex(")") + 2:].split()
    return name, rest


def children_of(pid):
    kids = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            _, rest = stat_fields(f"/proc/{p}/stat")
        except (OSError, ValueError):
            continue
        if rest[1] == str(pid):
            kids.append(int(p))
    return kids


def process_cpu(pid, with_children):
    pids = [pid] + (children_of(pid) if with_children else [])
    total = 0
    groups = {}
    for p in pids:
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                name, rest = stat_fields(f"/proc/{p}/task/{t}/stat")
            except (OSError, ValueError):
                continue
            ticks = int(rest[11]) + int(rest[12])
            total += ticks
            key = re.sub(r"[-#_ ]?\d+$", "", name) or name
            groups[key] = groups.get(key, 0) + ticks
    return {"ticks": total, "groups": groups}


def snap(spec):
    out = {}
    for item in spec.split(","):
        name, pid = item.split("=")
        out[name] = process_cpu(int(pid), with_children=name.startswith(("postgres", "infra")))
    print(json.dumps(out))


def diff(before_path, after_path, requests, threads):
    before = json.load(open(before_path))
    after = json.load(open(after_path))
    total = 0.0
    rows = []
    for name, a in after.items():
        b = before.get(name, {"ticks": 0, "groups": {}})
        ms = (a["ticks"] - b["ticks"]) * 1000.0 / HZ
        total += ms
        rows.append((name, ms, a, b))
    for name, ms, a, b in rows:
        per = f"  {ms / requests:6.3f} ms/req" if requests else ""
        print(f"{name:14s} {ms:9.0f} ms{per}")
        if threads:
            deltas = {k: (v - b["groups"].get(k, 0)) * 1000.0 / HZ for k, v in a["groups"].items()}
            for k, v in sorted(deltas.items(), key=lambda kv: -kv[1])[:8]:
                if v <= 0:
                    break
                per = f"  {v / requests:6.3f} ms/req" if requests else ""
                print(f"    {k:28s} {v:8.0f} ms{per}")
    per = f"  {total / requests:6.3f} ms/req" if requests else ""
    print(f"{'all':14s} {total:9.0f} ms{per}")


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        snap(sys.argv[2])
    else:
        req = None
        if "--requests" in sys.argv:
            req = float(sys.argv[sys.argv.index("--requests") + 1])
        diff(sys.argv[2], sys.argv[3], req, "--threads" in sys.argv)
