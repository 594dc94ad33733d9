// Llama 2 raw endpoints (Kong's llama2_format: raw) — no vendor SDK exists; plain HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMock, type StartedMock } from '../mock.test-helper.js';
import { lastInstruction } from './llama2.js';

let m: StartedMock;
before(async () => {
  m = await startMock({ key: 'shared', keys: { llama2: 'l2-key' } });
});
after(() => m.close());

const post = (inputs: string, auth = 'Bearer l2-key', max?: number) =>
  fetch(`${m.url}/llama2/raw`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ inputs, parameters: { ...(max ? { max_new_tokens: max } : {}), stream: false } }) });

describe('mock-llm (llama2 raw)', () => {
  it("answers {data:[{generated_text}]}: the prompt, then the answer to its last [INST] (Kong's chat and completions prompts)", async () => {
    const chat = '<s>[INST] <<SYS>> be brief <</SYS>> one two three [/INST]';
    const r = await post(chat);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { data: [{ generated_text: `${chat} three two one` }] });
    const completion = '<s> [INST] <<SYS>> You are a helpful assistant. <<SYS>> x y [/INST]';
    const c = (await (await post(completion, 'Bearer l2-key', 1)).json()) as { data: { generated_text: string }[] };
    assert.equal(c.data[0]!.generated_text.split('[/INST]').pop()!.trim(), 'y');
    assert.equal(lastInstruction('<s>[INST] a [/INST] b </s><s>[INST] c d [/INST]'), 'c d');
  });

  it('its own key only (not --key); the error body {"error"}', async () => {
    const r = await post('[INST] hi [/INST]', 'Bearer shared');
    assert.equal(r.status, 401);
    assert.deepEqual(await r.json(), { error: 'Unauthorized' });
    const bad = await fetch(`${m.url}/llama2/raw`, { method: 'POST', headers: { authorization: 'Bearer l2-key' }, body: '{"inputs": 5}' });
    assert.equal(bad.status, 400);
  });
});
