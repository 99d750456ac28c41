// The official OpenAI SDK (npm `openai`) against the gateway: parameters, tools, a tool call and
// the follow-up with its result, blocking and streamed, and a refused member. Exits non-zero on
// the first mismatch.
import OpenAI from 'openai';
import assert from 'node:assert/strict';

const client = new OpenAI({ baseURL: process.env.GATEWAY_URL, apiKey: process.env.API_KEY });
const tools = [{
  type: 'function',
  function: {
    name: 'get_weather', description: 'Weather of a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
}];
const question = { role: 'user', content: 'What is the weather in Paris?' };

const calls = await client.chat.completions.create({
  model: 'auto', messages: [question], tools, tool_choice: 'auto', temperature: 0.2, top_p: 0.9,
  max_completion_tokens: 100, stop: ['\n\n'], seed: 7, user: 'sdk-user', parallel_tool_calls: true,
});
assert.equal(calls.choices[0].finish_reason, 'tool_calls');
const call = calls.choices[0].message.tool_calls[0];
assert.equal(call.function.name, 'get_weather');
console.log('tool call:', JSON.stringify(call));

const answer = await client.chat.completions.create({
  model: 'auto', tools,
  messages: [question, calls.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '18 C, sunny' }],
});
assert.equal(answer.choices[0].finish_reason, 'stop');
console.log('answer:', answer.choices[0].message.content);

const stream = await client.chat.completions.create({
  model: 'auto', messages: [question], tools, stream: true, stream_options: { include_usage: true },
});
const streamed = [];
let finish = null;
let usage = null;
for await (const chunk of stream) {
  const choice = chunk.choices[0];
  if (choice && choice.delta.tool_calls) streamed.push(...choice.delta.tool_calls);
  if (choice && choice.finish_reason) finish = choice.finish_reason;
  if (chunk.usage) usage = chunk.usage;
}
assert.equal(finish, 'tool_calls');
assert.equal(streamed[0].function.name, 'get_weather');
assert.equal(streamed[0].index, 0);
assert.ok(usage && usage.total_tokens > 0);
console.log('streamed tool call:', JSON.stringify(streamed[0]), 'usage:', JSON.stringify(usage));

await assert.rejects(
  client.chat.completions.create({ model: 'auto', messages: [question], n: 2 }),
  // the body is RFC 9457 problem+json, which the SDK does not read as its error shape ("no body")
  (e) => e.status === 400,
);
console.log('n=2 refused with 400');

const models = await client.models.list();
console.log('models:', models.data.map((m) => m.id).join(', '));
console.log('OK');
