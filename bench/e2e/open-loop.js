#!/usr/bin/env node
// open-loop.js - sends chat completions at a fixed rate whatever the answers take (open loop: a
// slow platform gets more requests in flight, not fewer sent), and reports what came back.
//
//   node open-loop.js --url=http://127.0.0.1:8080/v1/chat/completions --key=dev-local-key \
//        --rate=100 --seconds=60 --unique=0.5 [--timeout-ms=30000] [--label=x]
//
// A request is unique (its own prompt: a miss everywhere) with probability --unique, else one of
// ten fixed prompts (cacheable). Prints one JSON line: status counts, latency p50/p95/p99 of all
// answers and of the 200s, answers per X-Agent, per X-Cache, how many 429/503 carried Retry-After,
// transport errors, and how far behind schedule the sender fell (it must not: open loop).
'use strict';
const http = require('http');

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const m = a.match(/^--([^=]+)=(.*)$/);
  return m ? [m[1], m[2]] : [a.replace(/^--/, ''), '1'];
}));
const url = new URL(args.url || 'http://127.0.0.1:8080/v1/chat/completions');
const key = args.key || 'dev-local-key';
const rate = Number(args.rate || 100);
const seconds = Number(args.seconds || 60);
const unique = Number(args.unique || 0.5);
const timeoutMs = Number(args['timeout-ms'] || 30000);
const label = args.label || `${rate}/s`;

const agent = new http.Agent({ keepAlive: true, maxSockets: 4096 });
const fixed = [
  'Write a python function that reverses a string',
  'Summarize the plot of Hamlet in two sentences',
  'What is the capital of Australia?',
  'Explain what a hash map is to a beginner',
  'Translate good morning into French',
  'Give me three tips for writing clear emails',
  'What does HTTP status 429 mean?',
  'Write a SQL query that counts rows per day',
  'Why is the sky blue? Answer briefly',
  'List the planets of the solar system',
];

const statuses = {};
const agents = {};
const caches = {};
const downgraded = {};
const all = [];
const ok = [];
let retryAfter = 0;
let shed = 0;
let errors = 0;
let sent = 0;
let done = 0;
let maxLagMs = 0;
const errorKinds = {};

function send(n) {
  const prompt = Math.random() < unique
    ? `Question ${process.pid}-${n}-${Math.random().toString(36).slice(2)}: describe the number ${n} in one sentence`
    : fixed[n % fixed.length];
  const body = JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: prompt }], max_tokens: 32 });
  const t0 = process.hrtime.bigint();
  const req = http.request({
    agent, method: 'POST', hostname: url.hostname, port: url.port, path: url.pathname, timeout: timeoutMs,
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${key}` },
  }, (res) => {
    res.resume();
    res.on('end', () => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1;
      all.push(ms);
      if (res.statusCode === 200) {
        ok.push(ms);
        const a = res.headers['x-agent'] || '?';
        agents[a] = (agents[a] || 0) + 1;
        const c = res.headers['x-cache'] || 'MISS';
        caches[c] = (caches[c] || 0) + 1;
        // a cheaper model than the agent's own (budget or overload): X-Cost-Downgraded from->to
        const d = res.headers['x-cost-downgraded'];
        if (d) downgraded[d] = (downgraded[d] || 0) + 1;
      }
      if (res.statusCode === 429 || res.statusCode === 503) {
        shed++;
        if (res.headers['retry-after']) retryAfter++;
      }
      done++;
    });
  });
  req.on('timeout', () => req.destroy(new Error('client timeout')));
  req.on('error', (e) => {
    errors++;
    done++;
    const k = e.code || e.message;
    errorKinds[k] = (errorKinds[k] || 0) + 1;
  });
  req.end(body);
}

const start = Date.now();
const total = Math.round(rate * seconds);
const timer = setInterval(() => {
  const due = Math.min(total, Math.floor(((Date.now() - start) / 1000) * rate));
  if (due - sent > rate / 10) maxLagMs = Math.max(maxLagMs, ((due - sent) / rate) * 1000);
  while (sent < due) send(sent++);
  if (sent >= total) {
    clearInterval(timer);
    const waitUntil = Date.now() + timeoutMs + 2000;
    const wait = setInterval(() => {
      if (done >= sent || Date.now() > waitUntil) {
        clearInterval(wait);
        report();
      }
    }, 100);
  }
}, 5);

function pct(xs, p) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
}

function report() {
  const line = {
    label, rate, seconds, unique, sent, answered: all.length, statuses, transport_errors: errors, error_kinds: errorKinds,
    p50_ms: pct(all, 50), p95_ms: pct(all, 95), p99_ms: pct(all, 99),
    ok_p50_ms: pct(ok, 50), ok_p95_ms: pct(ok, 95), ok_p99_ms: pct(ok, 99),
    shed, shed_with_retry_after: retryAfter, agents, caches, downgraded, sender_max_lag_ms: Math.round(maxLagMs),
  };
  process.stdout.write(JSON.stringify(line) + '\n');
  agent.destroy();
}
