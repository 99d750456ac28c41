#!/usr/bin/env bash
# Reserve + settle overhead per request on the orchestrator's path, against a real cost-service with a
# Redis and a PostgreSQL database of its own: leases without refills (refill-below 0) and with them.
# Needs: ./mvnw -B -pl cost-service,orchestrator-service -am package -DskipTests (or COST_JAR),
# redis-server, psql and a local PostgreSQL (DATABASE_URL's server; user postgres).
#
#   bench/cost/run-bench.sh                      # refill-below 0, 0.25, 0.5; 8 threads, 4 users, 20,000 requests
#   THREADS=16 REQUESTS=40000 PROVIDER_MS=1 bench/cost/run-bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=bench/cost/.work
mkdir -p "$WORK"

REDIS_PORT=${REDIS_PORT:-16391}
COST_PORT=${COST_PORT:-18095}
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
DB=${DB:-bench_cost}
THREADS=${THREADS:-8}
REQUESTS=${REQUESTS:-20000}
PROVIDER_MS=${PROVIDER_MS:-2}
USERS=${USERS:-4}
MODES=${MODES:-"0 0.25 0.5"}
COST_JAR=${COST_JAR:-$(ls cost-service/target/cost-service-*.jar | grep -v original | head -1)}
SECRET=bench-cost-secret-0123456789abcdef0123456789

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # the ports are free again before the script ends
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize no >"$WORK/redis.log" 2>&1 &
pids+=($!)
psql "$PG/postgres" -tc "select 1 from pg_database where datname = '$DB'" | grep -q 1 \
  || psql "$PG/postgres" -c "create database $DB" >/dev/null

PLATFORM_INTERNAL_SECRET=$SECRET REDIS_URL=redis://127.0.0.1:$REDIS_PORT DATABASE_URL=$PG/$DB \
  java -Xmx256m -XX:+UseSerialGC -jar "$COST_JAR" --server.port="$COST_PORT" \
  --platform.cost.budget.daily-limit-usd.pro=1000000 >"$WORK/cost-service.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$COST_PORT/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$COST_PORT/actuator/health" >/dev/null || { echo "cost-service did not start"; tail -30 "$WORK/cost-service.log"; exit 1; }

if [ ! -f "$WORK/classpath.txt" ] || [ orchestrator-service/pom.xml -nt "$WORK/classpath.txt" ]; then
  ./mvnw -B -o -pl orchestrator-service dependency:build-classpath -Dmdep.outputFile="$ROOT/$WORK/classpath.txt" >"$WORK/mvn.log"
fi
CP="orchestrator-service/target/classes:$(cat "$WORK/classpath.txt")"
javac -d "$WORK/classes" -cp "$CP" bench/cost/LeaseOverhead.java
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in $MODES; do
  java -Xmx256m -cp "$WORK/classes:$CP" dev.agentplatform.orchestrator.execution.LeaseOverhead \
    "http://127.0.0.1:$COST_PORT" "$SECRET" "$mode" "$THREADS" "$REQUESTS" "$PROVIDER_MS" "$USERS" 2>"$WORK/bench-$mode.log"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
