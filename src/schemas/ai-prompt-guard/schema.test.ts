import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePlugin } from '../plugins/registry.js';
import { compilePattern } from './index.js';

const entityErrors = (r: ReturnType<typeof validatePlugin>) => (r.ok ? [] : (((r.fields as Record<string, unknown>)['@entity'] as string[]) ?? []));

test("ai-prompt-guard: Kong's documented deny example is accepted and filled with Kong's defaults", () => {
  const r = validatePlugin({ name: 'ai-prompt-guard', config: { deny_patterns: ['\\"card\\".*\\"5[0-9]{12}(?:[0-9]{3})?\\"'] } });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.fields));
  const c = r.value.config as Record<string, unknown>;
  assert.equal(c.allow_all_conversation_history, false);
  assert.equal(c.match_all_roles, false);
  assert.equal(c.max_request_body_size, 1048576);
  assert.equal(c.llm_format, 'openai');
  assert.equal(c.genai_category, 'text/generation');
  assert.equal(c.allow_patterns, null);
  assert.deepEqual(r.value.protocols, ['grpc', 'grpcs', 'http', 'https']);
});

test('ai-prompt-guard: at least one pattern list is non-empty (an empty array counts as empty)', () => {
  const msg = "at least one of these fields must be non-empty: 'config.allow_patterns', 'config.deny_patterns'";
  assert.deepEqual(entityErrors(validatePlugin({ name: 'ai-prompt-guard', config: {} })), [msg]);
  assert.deepEqual(entityErrors(validatePlugin({ name: 'ai-prompt-guard', config: { allow_patterns: [], deny_patterns: null } })), [msg]);
  assert.ok(validatePlugin({ name: 'ai-prompt-guard', config: { allow_patterns: ['ok'] } }).ok);
});

test('ai-prompt-guard: match_all_roles needs allow_all_conversation_history false (Kong conditional, field message)', () => {
  const r = validatePlugin({ name: 'ai-prompt-guard', config: { deny_patterns: ['x'], match_all_roles: true, allow_all_conversation_history: true } });
  assert.ok(!r.ok);
  assert.deepEqual(entityErrors(r), ["failed conditional validation given value of field 'config.match_all_roles'"]);
  assert.equal((r.fields as { config: Record<string, unknown> }).config.allow_all_conversation_history, 'value must be false');
  assert.ok(validatePlugin({ name: 'ai-prompt-guard', config: { deny_patterns: ['x'], match_all_roles: true } }).ok);
});

test('ai-prompt-guard: field limits in Kong shapes (10 patterns, 1-500 chars, enums, http protocols only)', () => {
  const r = validatePlugin({
    name: 'ai-prompt-guard',
    protocols: ['ws'],
    config: { allow_patterns: Array.from({ length: 11 }, () => 'a'), deny_patterns: ['', 'x'.repeat(501)], llm_format: 'mistral' },
  });
  assert.ok(!r.ok);
  const f = r.fields as { config: Record<string, unknown>; protocols: unknown };
  assert.equal(f.config.allow_patterns, 'length must be at most 10');
  assert.match(JSON.stringify(f.config.deny_patterns), /length must be at least 1/);
  assert.match(JSON.stringify(f.config.deny_patterns), /length must be at most 500/);
  assert.equal(f.config.llm_format, 'expected one of: anthropic, bedrock, cohere, gemini, huggingface, openai');
  assert.match(JSON.stringify(f.protocols), /expected one of: grpc, grpcs, http, https/);
});

test('ai-prompt-guard: an invalid regex is refused at configuration time, naming the field and the pattern', () => {
  const r = validatePlugin({ name: 'ai-prompt-guard', config: { allow_patterns: ['fine'], deny_patterns: ['ok', '(unclosed'] } });
  assert.ok(!r.ok);
  const [msg] = entityErrors(r);
  assert.match(msg!, /^config\.deny_patterns\[2\] \('\(unclosed'\): not a valid regular expression \(.*\); fix or escape the pattern$/);
});

test('PCRE mapping: a leading (?i) becomes the i flag, \\A and \\z anchor the whole text, (?x) is refused', () => {
  const i = compilePattern('(?i)secret');
  assert.ok(i.ok && i.regex.test('my SECRET plan'));
  const cs = compilePattern('secret');
  assert.ok(cs.ok && !cs.regex.test('my SECRET plan'), 'case-sensitive by default, as ngx.re with "jo"');
  const a = compilePattern('\\Ahello\\z');
  assert.ok(a.ok && a.regex.test('hello') && !a.regex.test('x\nhello'));
  const escaped = compilePattern('\\\\A');
  assert.ok(escaped.ok && escaped.regex.test('\\A'), 'an escaped backslash before A is a literal');
  assert.ok(!compilePattern('(?x) a b').ok);
});
