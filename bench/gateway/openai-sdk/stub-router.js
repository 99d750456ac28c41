// A router stand-in for the OpenAI SDK check: POST /v1/tasks answers the model's call of the
// client's first tool when the task offers tools and has no tool results yet (finish reason
// tool_calls), else a text answer,
// as JSON or, asked for a stream, as the router's delta/result events. Every task it receives is
// written to stdout, so the check can see what the gateway sent.
const http = require('http');
const port = Number(process.env.PORT || 18190);
const base = {
  taskId: 'sdk-1', agent: 'python', team: 'code', strategy: 'SINGLE', provider: 'simulated',
  model: 'simulated-cheap', simulated: true, usage: { promptTokens: 10, completionTokens: 5 },
  costUsd: 0, latencyMs: 1, toolCalls: [],
};
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify([
        { id: 'auto', kind: 'auto', ownedBy: 'agent-platform' },
        { id: 'code', kind: 'team', ownedBy: 'agent-platform' },
        { id: 'python', kind: 'agent', ownedBy: 'code' },
        { id: 'gpt-4o-mini', kind: 'model', ownedBy: 'openai-cheap' },
      ]));
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/tasks') {
      res.writeHead(404).end();
      return;
    }
    const task = JSON.parse(body);
    console.log(JSON.stringify(task));
    const tools = task.parameters && task.parameters.tools;
    const messages = task.messages || [];
    const answered = messages.length > 0 && messages[messages.length - 1].role === 'tool';
    const result = tools && !answered
      ? { ...base, content: '', finishReason: 'tool_calls',
          requestedToolCalls: [{ id: 'call_1', name: tools[0].name, arguments: '{"city":"Paris"}' }] }
      : { ...base, content: 'It is 18 C and sunny in Paris.', finishReason: 'stop' };
    if ((req.headers.accept || '').includes('text/event-stream')) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      if (result.content) {
        res.write(`event: delta\ndata: ${JSON.stringify({ content: result.content, agent: 'python', strategy: 'SINGLE' })}\n\n`);
      }
      res.end(`event: result\ndata: ${JSON.stringify(result)}\n\n`);
    } else {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(result));
    }
  });
}).listen(port, '127.0.0.1');
