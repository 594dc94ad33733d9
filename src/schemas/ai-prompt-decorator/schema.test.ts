import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePlugin } from '../plugins/registry.js';

test("ai-prompt-decorator: Kong's example is accepted; role defaults to system; Kong's defaults filled", () => {
  const r = validatePlugin({
    name: 'ai-prompt-decorator',
    config: { prompts: { prepend: [{ content: 'You are a pirate.' }, { role: 'user', content: 'Arr?' }], append: [{ role: 'assistant', content: 'Aye.' }] } },
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.fields));
  const c = r.value.config as { prompts: { prepend: { role: string }[]; append: { role: string }[] }; max_request_body_size: number; llm_format: string };
  assert.deepEqual(c.prompts.prepend.map((p) => p.role), ['system', 'user']);
  assert.equal(c.prompts.append[0]!.role, 'assistant');
  assert.equal(c.max_request_body_size, 1048576);
  assert.equal(c.llm_format, 'openai');
  assert.deepEqual(r.value.protocols, ['grpc', 'grpcs', 'http', 'https']);
});

test('ai-prompt-decorator: prepend or append must be non-empty (Kong at_least_one_of)', () => {
  const msg = "at least one of these fields must be non-empty: 'config.prompts.prepend', 'config.prompts.append'";
  for (const config of [{}, { prompts: {} }, { prompts: { prepend: [], append: null } }]) {
    const r = validatePlugin({ name: 'ai-prompt-decorator', config });
    assert.ok(!r.ok, JSON.stringify(config));
    assert.deepEqual((r.fields as Record<string, unknown>)['@entity'], [msg]);
  }
});

test('ai-prompt-decorator: field errors in Kong shapes (roles, content length, 15 items, unknown fields)', () => {
  const r = validatePlugin({
    name: 'ai-prompt-decorator',
    config: {
      prompts: { prepend: [{ role: 'tool', content: '' }], append: Array.from({ length: 16 }, () => ({ content: 'x' })) },
      nope: true,
    },
  });
  assert.ok(!r.ok);
  const f = JSON.stringify(r.fields);
  assert.match(f, /expected one of: assistant, system, user/);
  assert.match(f, /length must be at least 1/);
  assert.match(f, /length must be at most 15/);
  assert.match(f, /"nope":"unknown field"/);
});
