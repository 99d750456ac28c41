// A router stand-in for the gateway benchmarks: answers POST /v1/tasks with a fixed TaskResult
// and GET /v1/agents with an empty list. Only the first request of each distinct prompt reaches
// it in the exact-cache runs.
const http = require('http');
const port = Number(process.env.PORT || 18090);
const result = JSON.stringify({
  taskId: 'bench-1', agent: 'summarizer', team: 'content', strategy: 'SINGLE',
  content: 'Gateway latency adds to every call an application makes, so it decides how responsive the product feels.',
  provider: 'simulated', model: 'simulated-cheap', simulated: true,
  usage: { promptTokens: 24, completionTokens: 20 }, costUsd: 0.000042, latencyMs: 1, toolCalls: [],
});
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/v1/tasks') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(result);
    } else if (req.method === 'GET' && req.url === '/v1/agents') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]');
    } else {
      res.writeHead(404).end();
    }
  });
}).listen(port, '127.0.0.1');
