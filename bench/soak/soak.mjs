// Usage: KEY=<an enterprise key> SECONDS=900 CONC=6 node bench/soak/soak.mjs (BASE defaults to the local gateway)
// Mixed load through the gateway for a soak: chat misses and hits, MCP tool calls, memory writes and searches, tasks.
const base = process.env.BASE || 'http://127.0.0.1:8080';
const key = process.env.KEY;
const seconds = Number(process.env.SECONDS || 600);
const concurrency = Number(process.env.CONC || 6);
const h = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
const counts = {};
let seq = 0;
const words = ['river', 'budget', 'python', 'matrix', 'poem', 'invoice', 'kernel', 'sunset', 'graph', 'tensor', 'garden', 'harbor'];
const rnd = (a) => a[Math.floor(Math.random() * a.length)];
const kinds = [
  ['chat-miss', 30, async () => post('/v1/chat/completions', { model: 'auto', messages: [{ role: 'user', content: `Write a short note about ${rnd(words)} ${rnd(words)} number ${seq++}` }] }, { 'Cache-Control': 'no-store' })],
  ['chat-hit', 15, async () => post('/v1/chat/completions', { model: 'auto', messages: [{ role: 'user', content: `Explain ${words[seq++ % 4]} in one sentence` }] })],
  ['chat-stream', 5, async () => post('/v1/chat/completions', { model: 'auto', stream: true, messages: [{ role: 'user', content: `Summarise the idea of ${rnd(words)} ${seq++}` }] }, { 'Cache-Control': 'no-store' })],
  ['mcp-fs', 15, async () => post('/mcp', { jsonrpc: '2.0', id: seq++, method: 'tools/call', params: { name: 'filesystem__read_text_file', arguments: { path: 'product-faq.md' } } })],
  ['mcp-db', 10, async () => post('/mcp', { jsonrpc: '2.0', id: seq++, method: 'tools/call', params: { name: 'database__query', arguments: { sql: `select ${seq} as n, count(*) from analytics.orders` } } })],
  ['mem-write', 8, async () => post('/v1/memories', { messages: [{ role: 'user', content: `My ${rnd(words)} project number ${seq++} is due on Friday and Alice from Berlin leads it.` }] })],
  ['mem-search', 8, async () => post('/v1/memories/search', { query: `who leads the ${rnd(words)} project` })],
  ['task', 9, async () => post('/v1/tasks', { prompt: `Compute the sum of ${seq++} and 17 and explain` })],
];
const total = kinds.reduce((s, k) => s + k[1], 0);
async function post(path, body, extra = {}) {
  const r = await fetch(base + path, { method: 'POST', headers: { ...h, ...extra }, body: JSON.stringify(body) });
  await r.arrayBuffer();
  return r.status;
}
function pick() {
  let x = Math.random() * total;
  for (const k of kinds) { if ((x -= k[1]) < 0) return k; }
  return kinds[0];
}
const end = Date.now() + seconds * 1000;
async function worker() {
  while (Date.now() < end) {
    const [name, , fn] = pick();
    let status;
    try { status = await fn(); } catch (e) { status = 'err:' + (e.cause?.code || e.message); }
    const k = `${name} ${status}`;
    counts[k] = (counts[k] || 0) + 1;
  }
}
const t0 = Date.now();
const timer = setInterval(() => console.log(Math.round((Date.now() - t0) / 1000) + 's', JSON.stringify(counts)), 60000);
await Promise.all(Array.from({ length: concurrency }, worker));
clearInterval(timer);
console.log('final', JSON.stringify(counts));
