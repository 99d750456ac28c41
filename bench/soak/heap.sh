#!/usr/bin/env bash
# Heap in use after a full collection, and resident memory, of each JVM `./platform up` started.
# Usage: bench/soak/heap.sh [platform state dir, default .platform of this checkout]
set -euo pipefail
STATE="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.platform}"
for f in "$STATE"/run/*-service.pid; do
  svc=$(basename "$f" .pid); pid=$(cat "$f")
  [[ -d /proc/$pid ]] || continue
  jcmd "$pid" GC.run >/dev/null 2>&1
  used=$(jcmd "$pid" GC.heap_info 2>/dev/null | grep -E "generation|PSYoungGen|ParOldGen" \
    | grep -oE "used [0-9]+K" | grep -oE "[0-9]+" | paste -sd+ | bc)
  rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
  printf "%s heap=%sMB rss=%sMB\n" "$svc" "$((${used:-0} / 1024))" "$((rss / 1024))"
done
