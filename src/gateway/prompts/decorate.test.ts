import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AiPromptDecoratorConfig } from '../../schemas/index.js';
import { decorate, NOT_CHAT } from './decorate.js';

const config = (prepend: unknown[] | null, append: unknown[] | null) =>
  ({ prompts: { prepend, append }, max_request_body_size: 1048576, llm_format: 'openai' }) as unknown as AiPromptDecoratorConfig;

test('prepend items in order, then the client messages, then append items; configured items as {role, content}', () => {
  const body = { model: 'm', messages: [{ role: 'user', content: 'hi', name: 'bob' }], temperature: 0.2 };
  const r = decorate(body, config([{ role: 'system', content: 'P1' }, { role: 'user', content: 'P2' }], [{ role: 'assistant', content: 'A1' }]));
  assert.ok(r.ok);
  assert.deepEqual(r.body, {
    model: 'm',
    temperature: 0.2,
    messages: [
      { role: 'system', content: 'P1' },
      { role: 'user', content: 'P2' },
      { role: 'user', content: 'hi', name: 'bob' },
      { role: 'assistant', content: 'A1' },
    ],
  });
  assert.deepEqual(body.messages, [{ role: 'user', content: 'hi', name: 'bob' }], 'the client body is not mutated');
});

test('only prepend, or only append (the other null)', () => {
  const b = { messages: [{ role: 'user', content: 'q' }] };
  const p = decorate(b, config([{ role: 'system', content: 'S' }], null));
  assert.ok(p.ok && (p.body.messages as { content: string }[]).map((m) => m.content).join() === 'S,q');
  const a = decorate(b, config(null, [{ role: 'system', content: 'E' }]));
  assert.ok(a.ok && (a.body.messages as { content: string }[]).map((m) => m.content).join() === 'q,E');
});

test("no messages, empty messages or a completions prompt: Kong's 400 message", () => {
  for (const body of [{}, { messages: [] }, { prompt: 'x' }, { messages: 'x' }]) {
    const r = decorate(body, config([{ role: 'system', content: 'S' }], null));
    assert.deepEqual(r, { ok: false, message: NOT_CHAT });
  }
  assert.equal(NOT_CHAT, 'this LLM route only supports llm/chat type requests');
});
