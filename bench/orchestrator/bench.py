#!/usr/bin/env python3
"""Orchestrator benchmarks: the orchestrator jar as a process against a real redis-server and
stubbed neighbours (cost, memory, mcp answer from a local HTTP stub).

  python3 bench/orchestrator/bench.py [scenario ...]

Scenarios: half-down, breaker, parallel, overhead, kill9 (default: all). Run from the project
root after `./mvnw -pl orchestrator-service -am package -DskipTests`.
"""
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JAR = os.path.join(ROOT, "orchestrator-service", "target", "orchestrator-service.jar")
os.makedirs(os.path.join(ROOT, "bench", "orchestrator", ".work"), exist_ok=True)
WORK = tempfile.mkdtemp(prefix="run-", dir=os.path.join(ROOT, "bench", "orchestrator", ".work"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stub(BaseHTTPRequestHandler):
    """cost, memory and mcp, answering their contracts with friendly defaults."""

    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in two writes: without this, Nagle and delayed ACKs add 40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.startswith("/v1/budgets/"):
            self._send(200, {"userId": "u", "tier": "pro", "allowed": True, "spentTodayUsd": 0,
                             "dailyLimitUsd": 1000, "remainingUsd": 1000})
        else:
            self._send(200, {"userId": "u", "conversationId": "c", "messages": []})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        if "/capabilities/" in self.path:
            self._send(200, {"capability": "filesystem", "server": "stub", "tool": "list", "error": False,
                             "content": "[FILE] notes.txt", "latencyMs": 1, "costUsd": 0})
        else:
            self._send(201, {})

    def log_message(self, *args):
        pass


class Platform:
    def __init__(self):
        self.redis_port = free_port()
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # The stub runs in its own process, so it never competes with the load driver for the GIL.
        self.stub_port = free_port()
        self.stub = subprocess.Popen([sys.executable, __file__, "--stub", str(self.stub_port)])
        self.port = free_port()
        self.proc = None
        self.log = open(os.path.join(WORK, "orchestrator.log"), "ab")

    def start(self, extra_env=None):
        stub = "http://127.0.0.1:%d" % self.stub_port
        env = dict(os.environ)
        env.update({
            "REDIS_URL": "redis://127.0.0.1:%d" % self.redis_port,
            "SERVER_PORT": str(self.port),
            "PLATFORM_ORCHESTRATOR_CLIENTS_COST_URL": stub,
            "PLATFORM_ORCHESTRATOR_CLIENTS_MEMORY_URL": stub,
            "PLATFORM_ORCHESTRATOR_CLIENTS_MCP_URL": stub,
            "LOGGING_LEVEL_DEV_AGENTPLATFORM": "WARN",
        })
        env.update(extra_env or {})
        self.proc = subprocess.Popen(
            ["java", "-Xmx192m"] + os.environ.get("GC_OPTS", "-XX:+UseSerialGC").split() + os.environ.get("JAVA_OPTS", "").split()
            + ["-Djava.io.tmpdir=" + WORK, "-jar", JAR],
            env=env, stdout=self.log, stderr=self.log)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                status, _ = self.get("/actuator/health/readiness")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("orchestrator did not start; see " + WORK)

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def close(self):
        self.stop()
        self.stub.terminate()
        self.redis.terminate()
        self.redis.wait()

    def conn(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, method, path, body=None, conn=None, headers=None):
        c = conn or self.conn()
        h = {"Content-Type": "application/json", "X-User-Id": "bench", "X-User-Tier": "pro"}
        h.update(headers or {})
        c.request(method, path, body=None if body is None else json.dumps(body), headers=h)
        r = c.getresponse()
        data = r.read()
        if conn is None:
            c.close()
        return r.status, data

    def get(self, path):
        return self.request("GET", path)

    def chaos(self, agent, rate, latency):
        status, _ = self.request("PUT", "/admin/v1/chaos/agents/" + agent,
                                 {"failureRate": rate, "latencyMs": latency})
        assert status == 200, status

    def clear(self, agent):
        self.request("DELETE", "/admin/v1/chaos/agents/" + agent)

    def redis_cli(self, *args):
        return subprocess.run(["redis-cli", "-p", str(self.redis_port)] + list(args),
                              capture_output=True, text=True).stdout


def execution(prompt, agents, strategy="SINGLE", async_=False):
    task = {"prompt": prompt}
    if async_:
        task["async"] = True
    return {"taskId": str(uuid.uuid4()), "task": task,
            "decision": {"agent": agents[0], "team": "code", "strategy": strategy, "confidence": 0.8,
                         "candidates": [], "agents": agents}}


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def timed(platform, body, conn):
    t0 = time.perf_counter()
    status, data = platform.request("POST", "/v1/executions", body, conn=conn)
    return status, (time.perf_counter() - t0) * 1000, data


def half_down(p):
    down = ["python", "rust", "web_search", "summarizer", "sql"]
    for a in down:
        p.chaos(a, 1.0, 0)
    ok, lat, agents = 0, [], {}
    conn = p.conn()
    n = 1000
    for i in range(n):
        prompt = "Write a python function number %d that parses dates; then query sql totals for region %d" % (i, i)
        status, ms, data = timed(p, execution(prompt, ["python", "sql", "rust"]), conn)
        lat.append(ms)
        if status == 200:
            ok += 1
            a = json.loads(data)["agent"]
            agents[a] = agents.get(a, 0) + 1
    for a in down:
        p.clear(a)
    print("half-down: %d/%d answered (%.1f%%), p50 %.1f ms, p99 %.1f ms, answered by %s"
          % (ok, n, 100.0 * ok / n, pct(lat, 50), pct(lat, 99), agents))


def breaker(p):
    p.chaos("rust", 1.0, 0)
    p.chaos("javascript", 0.0, 0)
    conn = p.conn()
    for i in range(5):
        timed(p, execution("open the breaker %d" % i, ["rust", "javascript"]), conn)
    with_open, alone = [], []
    for i in range(300):
        with_open.append(timed(p, execution("fail fast %d" % i, ["rust", "javascript"]), conn)[1])
        alone.append(timed(p, execution("fail fast %d" % i, ["javascript"]), conn)[1])
    p.clear("rust")
    p.clear("javascript")
    extra = [a - b for a, b in zip(with_open, alone)]
    print("breaker: request via open rust then javascript p50 %.2f ms p99 %.2f ms; javascript alone p50 %.2f ms p99 %.2f ms;"
          " fail-fast cost p50 %.2f ms" % (pct(with_open, 50), pct(with_open, 99), pct(alone, 50), pct(alone, 99),
                                            statistics.median(extra)))


def parallel(p):
    for a in ["python", "javascript", "rust"]:
        p.chaos(a, 0.0, 200)
    conn = p.conn()
    for i in range(20):
        timed(p, execution("warm up %d" % i, ["python", "javascript", "rust"], "PARALLEL"), conn)
    lat = []
    for i in range(50):
        status, ms, data = timed(p, execution("Write a function that merges two sorted arrays %d" % i,
                                              ["python", "javascript", "rust"], "PARALLEL"), conn)
        assert status == 200 and json.loads(data)["strategy"] == "PARALLEL", (status, data)
        lat.append(ms)
    p.chaos("viz", 0.0, 60000)
    hung = []
    for i in range(3):
        hung.append(timed(p, execution("hung viz %d" % i, ["python", "javascript", "viz"], "PARALLEL"), conn)[1])
    for a in ["python", "javascript", "rust", "viz"]:
        p.clear(a)
    print("parallel: 3 agents x 200 ms: p50 %.0f ms, p99 %.0f ms, max %.0f ms (ratio to slowest %.2f);"
          " with viz hung (60 s): %s ms (deadline 10 s, grace 100 ms / 0.5x)" % (pct(lat, 50), pct(lat, 99), max(lat), max(lat) / 200.0,
                                                   [round(x) for x in hung]))


def overhead(p, rate=200, seconds=20):
    p.chaos("python", 0.0, 0)
    body = execution("hello", ["python"])
    # warm up
    conn = p.conn()
    for i in range(2000):
        timed(p, dict(body, taskId=str(uuid.uuid4())), conn)
    lat, errors = [], [0]
    lock = threading.Lock()
    total = rate * seconds
    start = time.perf_counter() + 0.2
    nxt = [0]

    def worker():
        c = p.conn()
        while True:
            with lock:
                i = nxt[0]
                nxt[0] += 1
            if i >= total:
                return
            due = start + i / float(rate)
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            # open loop: latency counts from when the request was due, so queueing shows
            status, _, _ = timed(p, dict(body, taskId=str(uuid.uuid4())), c)
            done = (time.perf_counter() - due) * 1000
            with lock:
                lat.append(done)
                if status != 200:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("overhead: SINGLE, 0 ms provider, %d req/s for %d s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms, errors %d"
          % (rate, seconds, pct(lat, 50), pct(lat, 90), pct(lat, 99), max(lat), errors[0]))
    # the same load from a JVM client (OpenLoop.java): the Python threads above share one
    # interpreter lock, and their own scheduling shows up in the tail
    template = dict(body, taskId="{{id}}")
    path = os.path.join(WORK, "overhead-body.json")
    with open(path, "w") as f:
        json.dump(template, f)
    out = subprocess.run(["java", "-Xmx64m", os.path.join(ROOT, "bench", "orchestrator", "OpenLoop.java"),
                          "http://127.0.0.1:%d/v1/executions" % p.port, path, str(rate), str(seconds),
                          "Content-Type: application/json", "X-User-Id: bench", "X-User-Tier: pro"],
                         capture_output=True, text=True)
    print("overhead (JVM client, after as long a warm-up): " + (out.stdout.strip() or out.stderr.strip()[-500:]))
    p.clear("python")


def kill9(p):
    p.stop()
    env = {"PLATFORM_ORCHESTRATOR_TASKS_CLAIM_MIN_IDLE": "5s", "PLATFORM_ORCHESTRATOR_TASKS_CLAIM_INTERVAL": "2s",
           "PLATFORM_ORCHESTRATOR_TASKS_LEASE": "5s", "PLATFORM_ORCHESTRATOR_AGENTS_PYTHON_SIMULATED_LATENCY_MS": "300"}
    p.start(env)
    ids = []
    conn = p.conn()
    for i in range(100):
        body = execution("async task %d" % i, ["python"], async_=True)
        status, _ = p.request("POST", "/v1/executions", body, conn=conn)
        assert status == 202, status
        ids.append(body["taskId"])
    time.sleep(1.5)
    before = [json.loads(p.get("/v1/tasks/" + t)[1])["status"] for t in ids]
    p.kill9()
    t0 = time.time()
    p.start(env)
    ready = time.time() - t0
    while True:
        states = [json.loads(p.get("/v1/tasks/" + t)[1])["status"] for t in ids]
        if all(s in ("SUCCEEDED", "FAILED") for s in states) or time.time() - t0 > 180:
            break
        time.sleep(0.2)
    elapsed = time.time() - t0
    wanted = set(ids)

    def per_task(stream):
        raw = p.redis_cli("XRANGE", stream, "-", "+").split("\n")
        entries, ids_by_task = 0, {}
        for i, line in enumerate(raw):
            if line == "eventId":
                task = json.loads(raw[i + 3])["taskId"]
                if task in wanted:
                    entries += 1
                    ids_by_task.setdefault(task, set()).add(raw[i + 1])
        return entries, ids_by_task

    usage_entries, usage_ids = per_task("platform.usage")
    outcome_entries, outcome_ids = per_task("platform.outcomes")
    twice = [t for t, v in usage_ids.items() if len(v) > 1]
    print("kill9: 100 async tasks (300 ms each, 4 workers); at kill -9 %s; restart ready in %.1f s, all final %.1f s"
          " after the kill: %s; usage entries %d for %d tasks (%d distinct event ids), outcome entries %d"
          " (%d distinct); tasks booked more than once: %d"
          % ({s: before.count(s) for s in set(before)}, ready, elapsed, {s: states.count(s) for s in set(states)},
             usage_entries, len(usage_ids), sum(len(v) for v in usage_ids.values()), outcome_entries,
             sum(len(v) for v in outcome_ids.values()), len(twice)))


SCENARIOS = {"half-down": half_down, "breaker": breaker, "parallel": parallel, "overhead": overhead, "kill9": kill9}

if __name__ == "__main__":
    if sys.argv[1:2] == ["--stub"]:
        ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Stub).serve_forever()
    chosen = sys.argv[1:] or list(SCENARIOS)
    platform = Platform()
    try:
        platform.start()
        for name in chosen:
            SCENARIOS[name](platform)
            sys.stdout.flush()
    finally:
        platform.close()
