// The ollama SDK (ollama-js) as the client, straight against the mock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ollama } from 'ollama';
import { rejection, startMock, type StartedMock } from '../mock.test-helper.js';

let m: StartedMock;
let open: Ollama;

before(async () => {
  m = await startMock({ key: 'not-for-ollama', keys: {} });
  open = new Ollama({ host: m.url });
});
after(() => m.close());

describe('ollama → mock-llm (ollama)', () => {
  it('chat, not streamed: message, done, eval counts (no auth: --key does not apply to ollama)', async () => {
    await m.clear();
    const r = await open.chat({ model: 'llama3.2', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'one two three' }], stream: false });
    assert.equal(r.message.content, ' three two one');
    assert.equal(r.done, true);
    assert.equal(r.done_reason, 'stop');
    assert.equal(r.prompt_eval_count, 5);
    assert.equal(r.eval_count, 3);
    const [rec] = await m.requests();
    assert.equal(rec!.vendor, 'ollama');
    assert.equal(rec!.auth, 'unchecked');
  });

  it('chat streamed (NDJSON, ends with done: true); num_predict cuts with done_reason length', async () => {
    let text = '';
    let last;
    for await (const part of await open.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'a b c d' }], stream: true, options: { num_predict: 3 } })) {
      text += part.message.content;
      last = part;
    }
    assert.equal(text, ' d c b');
    assert.equal(last!.done, true);
    assert.equal(last!.done_reason, 'length');
    assert.equal(last!.eval_count, 3);
  });

  it('tool calls: a declared tool named in the text, with arguments as an object; streamed whole', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', description: 'w', parameters: { type: 'object', required: ['city'], properties: { city: { type: 'string', description: 'c' } } } } }];
    const r = await open.chat({ model: 'llama3.2', stream: false, tools, messages: [{ role: 'user', content: 'get_weather Berlin' }] });
    assert.deepEqual(r.message.tool_calls?.map((c) => [c.function.name, c.function.arguments]), [['get_weather', { city: 'get_weather Berlin' }]]);
    const calls = [];
    for await (const p of await open.chat({ model: 'llama3.2', stream: true, tools, messages: [{ role: 'user', content: 'get_weather Berlin' }] })) calls.push(...(p.message.tool_calls ?? []));
    assert.equal(calls.length, 1);
    const after = await open.chat({ model: 'llama3.2', stream: false, tools, messages: [{ role: 'user', content: 'get_weather Berlin' }, { role: 'tool', content: 'sunny' }] });
    assert.equal(after.message.content, ' Berlin get_weather');
  });

  it('generate (plain and streamed), embed, list', async () => {
    const g = await open.generate({ model: 'llama3.2', prompt: 'x y', stream: false });
    assert.equal(g.response, ' y x');
    assert.equal(g.eval_count, 2);
    let text = '';
    for await (const p of await open.generate({ model: 'llama3.2', prompt: 'x y z', stream: true })) text += p.response;
    assert.equal(text, ' z y x');
    const e = await open.embed({ model: 'nomic-embed-text', input: ['a', 'b'] });
    assert.equal(e.embeddings.length, 2);
    assert.equal((await open.list()).models[0]!.name, 'llama3.2:latest');
  });

  it('with --ollama-key a Bearer is required; errors are ResponseError with the status', async () => {
    const guarded = await startMock({ keys: { ollama: 'olk' } });
    try {
      const e401 = await rejection(() => new Ollama({ host: guarded.url }).chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false }));
      assert.equal((e401 as { status_code?: number }).status_code, 401);
      const ok = await new Ollama({ host: guarded.url, headers: { authorization: 'Bearer olk' } }).chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false });
      assert.equal(ok.message.content, ' hi');
    } finally {
      await guarded.close();
    }
    for (const status of [429, 500]) {
      const faulty = new Ollama({ host: m.url, headers: { 'x-mock-fault': String(status) } });
      const e = await rejection(() => faulty.chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false }));
      assert.equal((e as { status_code?: number }).status_code, status);
      assert.equal(e.name, 'ResponseError');
    }
  });

  it('an error line mid-stream throws', async () => {
    const faulty = new Ollama({ host: m.url, headers: { 'x-mock-fault': 'stream-error' } });
    const e = await rejection(async () => {
      for await (const _ of await faulty.chat({ model: 'm', messages: [{ role: 'user', content: 'a b c d' }], stream: true })) void _;
    });
    assert.match(e.message, /llama runner/);
  });
});
