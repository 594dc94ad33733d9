// cohere-ai (v8) as the client, straight against the mock: CohereClient (v1: chat, generate,
// embed — the API Kong's cohere driver targets) and CohereClientV2 (v2 chat, embed).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Cohere, CohereClient, CohereClientV2 } from 'cohere-ai';
import { rejection, startMock, type StartedMock } from '../mock.test-helper.js';

const KEY = 'co-mock-key';
let m: StartedMock;
let v1: CohereClient;
let v2: CohereClientV2;
const once = { maxRetries: 0 };

before(async () => {
  m = await startMock({ key: KEY });
  v1 = new CohereClient({ token: KEY, environment: m.url });
  v2 = new CohereClientV2({ token: KEY, environment: m.url });
});
after(() => m.close());

describe('cohere-ai → mock-llm (cohere v1)', () => {
  it('chat: text, finish reason, billed units; the key as Bearer on /v1/chat', async () => {
    await m.clear();
    const r = await v1.chat({ message: 'one two three', preamble: 'be brief' }, once);
    assert.equal(r.text, ' three two one');
    assert.equal(r.finishReason, 'COMPLETE');
    assert.deepEqual(r.meta?.billedUnits, { inputTokens: 5, outputTokens: 3 });
    const [rec] = await m.requests();
    assert.equal(rec!.path, '/v1/chat');
    assert.equal(rec!.headers.authorization, `Bearer ${KEY}`);
  });

  it('chatStream: stream-start, text-generation…, stream-end with the response', async () => {
    let text = '';
    const kinds: string[] = [];
    let end: Cohere.StreamedChatResponse | undefined;
    for await (const e of await v1.chatStream({ message: 'a b c', maxTokens: 2 }, once)) {
      kinds.push(e.eventType);
      if (e.eventType === 'text-generation') text += e.text;
      if (e.eventType === 'stream-end') end = e;
    }
    assert.equal(text, ' c b');
    assert.deepEqual(kinds, ['stream-start', 'text-generation', 'text-generation', 'stream-end']);
    assert.equal(end?.eventType === 'stream-end' && end.finishReason, 'MAX_TOKENS');
  });

  it('generate (plain and streamed) and embed', async () => {
    const g = await v1.generate({ prompt: 'x y' }, once);
    assert.equal(g.generations[0]!.text, ' y x');
    let text = '';
    for await (const e of await v1.generateStream({ prompt: 'x y z' }, once)) if (e.eventType === 'text-generation') text += e.text;
    assert.equal(text, ' z y x');
    const e = await v1.embed({ texts: ['hello', 'world'], model: 'embed-english-v3.0', inputType: 'search_document' }, once);
    assert.equal((e.embeddings as number[][]).length, 2);
  });

  it('errors: UnauthorizedError, TooManyRequestsError, InternalServerError, BadRequestError', async () => {
    const bad = new CohereClient({ token: 'nope', environment: m.url });
    const e401 = await rejection(() => bad.chat({ message: 'hi' }, once));
    assert.ok(e401 instanceof Cohere.UnauthorizedError, String(e401));
    const fault = (f: string) => ({ ...once, headers: { 'x-mock-fault': f } });
    assert.ok((await rejection(() => v1.chat({ message: 'hi' }, fault('429')))) instanceof Cohere.TooManyRequestsError);
    assert.ok((await rejection(() => v1.chat({ message: 'hi' }, fault('500')))) instanceof Cohere.InternalServerError);
    assert.ok((await rejection(() => v1.chat({ message: 'hi' }, fault('400')))) instanceof Cohere.BadRequestError);
  });
});

describe('cohere-ai → mock-llm (cohere v2)', () => {
  it('chat: message content, finish reason, usage', async () => {
    const r = await v2.chat({ model: 'command-r-plus', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'p q r' }] }, once);
    assert.equal(r.message.content?.[0]?.type === 'text' && r.message.content[0].text, ' r q p');
    assert.equal(r.finishReason, 'COMPLETE');
    assert.deepEqual(r.usage?.billedUnits, { inputTokens: 5, outputTokens: 3 });
  });

  it('chatStream: message-start, content-delta…, message-end (SSE ending in [DONE])', async () => {
    let text = '';
    const kinds: string[] = [];
    for await (const e of await v2.chatStream({ model: 'command-r-plus', messages: [{ role: 'user', content: 'p q' }] }, once)) {
      kinds.push(e.type);
      if (e.type === 'content-delta') text += e.delta?.message?.content?.text ?? '';
    }
    assert.equal(text, ' q p');
    assert.deepEqual(kinds, ['message-start', 'content-start', 'content-delta', 'content-delta', 'content-end', 'message-end']);
  });

  it('tool calls: tool_plan and tool_calls, finish TOOL_CALL; streamed as tool-call-start/delta/end', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const r = await v2.chat({ model: 'command-r-plus', tools, toolChoice: 'REQUIRED', messages: [{ role: 'user', content: 'Quito' }] }, once);
    assert.equal(r.finishReason, 'TOOL_CALL');
    assert.equal(r.message.toolCalls?.[0]?.function?.name, 'get_weather');
    assert.deepEqual(JSON.parse(r.message.toolCalls?.[0]?.function?.arguments ?? ''), { city: 'Quito' });
    let args = '';
    const kinds: string[] = [];
    for await (const e of await v2.chatStream({ model: 'command-r-plus', tools, messages: [{ role: 'user', content: 'get_weather Quito' }] }, once)) {
      kinds.push(e.type);
      if (e.type === 'tool-call-delta') args += e.delta?.message?.toolCalls?.function?.arguments ?? '';
    }
    assert.deepEqual(JSON.parse(args), { city: 'get_weather Quito' });
    assert.deepEqual(kinds, ['message-start', 'tool-plan-delta', 'tool-call-start', 'tool-call-delta', 'tool-call-delta', 'tool-call-end', 'message-end']);
  });

  it('embed', async () => {
    const e = await v2.embed({ texts: ['a'], model: 'embed-english-v3.0', inputType: 'search_document', embeddingTypes: ['float'] }, once);
    assert.equal(e.embeddings.float?.[0]?.length, 8);
  });
});
