#!/usr/bin/env bash
# Throughput of the platform's stream consumer runner (platform-support), see README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS="${1:-20000}"
./mvnw -B -q -o -pl platform-support test-compile
./mvnw -B -q -pl platform-support dependency:build-classpath -Dmdep.outputFile=/tmp/streams-bench-cp.txt -Dmdep.includeScope=test
java -Xmx256m -XX:+UseSerialGC \
  -cp platform-support/target/classes:platform-support/target/test-classes:$(cat /tmp/streams-bench-cp.txt) \
  dev.agentplatform.support.stream.StreamRunnerBench "$EVENTS"
