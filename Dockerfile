# syntax=docker/dockerfile:1.7
# One image per service from one file:
#   docker build --build-arg SERVICE=gateway-service -t agent-platform/gateway-service .
# SERVICE is one of gateway-service, router-service, orchestrator-service, mcp-service,
# memory-service, cost-service. docker-compose.yml builds all six.
ARG SERVICE=gateway-service

# Node.js 20: the build installs the MCP servers with npm, and the mcp-service image runs them.
FROM node:20-bookworm-slim AS node

FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /src
COPY . .
# Tests ran in CI already; this stage only packages the one service (and what it depends on).
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl "${SERVICE}" -am package -DskipTests -Dspotless.check.skip=true \
 && mkdir -p /out \
 && cp "${SERVICE}/target/${SERVICE}.jar" /out/app.jar \
 && if [ "${SERVICE}" = mcp-service ]; then \
      cp -r mcp-service/mcp-servers /out/mcp-servers && cp -r mcp-service/workspace /out/workspace; \
    fi

FROM eclipse-temurin:17-jre AS runtime
# curl for the health check; nothing else beyond the JRE
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 platform \
 && useradd --system --uid 10001 --gid platform --home-dir /app --shell /usr/sbin/nologin platform \
 && mkdir -p /app/tmp /app/cache/djl /app/outbox /app/data \
 && chown -R platform:platform /app
WORKDIR /app
# DJL (the MiniLM tokenizer) and ONNX Runtime unpack native libraries: into a writable path of the
# non-root user, never the image's read-only layers or a home directory that does not exist.
ENV HOME=/app \
    DJL_CACHE_DIR=/app/cache/djl \
    SERVER_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=5 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT}/actuator/health/readiness" || exit 1
# JAVA_OPTS: the flags of ./platform per service (set in the stages below); JAVA_EXTRA_OPTS adds to them.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS $JAVA_EXTRA_OPTS -Djava.io.tmpdir=/app/tmp -XX:+ExitOnOutOfMemoryError -jar /app/app.jar"]

# One stage per service: the JVM flags of ./platform with PLATFORM_JIT=c2 (the request path's gateway,
# router, orchestrator and cost-service with the full JIT: about half the CPU per request once warm,
# bench/e2e; memory and mcp C1 only; serial collector, the orchestrator the parallel one; the gateway
# a fixed young generation) and its port.
FROM runtime AS gateway-service
ENV SERVER_PORT=8080 JAVA_OPTS="-Xms384m -Xmx384m -Xmn192m -Xss512k -XX:+UseSerialGC -XX:CICompilerCount=2"
EXPOSE 8080

FROM runtime AS router-service
ENV SERVER_PORT=8081 JAVA_OPTS="-Xms32m -Xmx256m -Xss512k -XX:+UseSerialGC -XX:CICompilerCount=2"
EXPOSE 8081

FROM runtime AS orchestrator-service
ENV SERVER_PORT=8082 JAVA_OPTS="-Xms32m -Xmx192m -Xss512k -XX:+UseParallelGC -XX:CICompilerCount=2"
EXPOSE 8082

FROM runtime AS memory-service
ENV SERVER_PORT=8084 JAVA_OPTS="-Xms32m -Xmx128m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
EXPOSE 8084

FROM runtime AS cost-service
ENV SERVER_PORT=8085 JAVA_OPTS="-Xms32m -Xmx128m -Xss512k -XX:+UseSerialGC -XX:CICompilerCount=2"
EXPOSE 8085

# The MCP service starts the pinned npm MCP servers over stdio: it needs Node.js and node_modules.
FROM runtime AS mcp-service
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=build --chown=platform:platform /out/mcp-servers /app/mcp-servers
COPY --from=build --chown=platform:platform /out/workspace /app/workspace
ENV SERVER_PORT=8083 JAVA_OPTS="-Xms32m -Xmx128m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1" \
    PLATFORM_MCP_SERVERS_DIR=/app/mcp-servers \
    PLATFORM_MCP_WORKSPACE=/app/workspace
EXPOSE 8083

FROM ${SERVICE}
COPY --from=build --chown=platform:platform /out/app.jar /app/app.jar
USER 10001:10001
