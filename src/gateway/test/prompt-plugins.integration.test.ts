// ai-prompt-decorator and ai-prompt-guard end to end: bin/ai-gateway (a real process) in front
// of bin/mock-llm, from a decK file. Service-level decorator and guard apply to both routes; the
// anthropic route has its own decorator (route beats service, Kong's precedence). The guard's
// refusal is Kong's 400 body and nothing reaches the upstream; an allowed request reaches it
// with the decorator's messages around the client's, in the OpenAI upstream's body and in the
// Anthropic Messages body the driver builds from the decorated conversation. A guard on a route
// without ai-proxy fails closed (500), as any plugin this gateway cannot run faithfully.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartedProcess } from '../../testing/tgi/index.js';
import { json, send } from './client.js';
import { startGatewayProcess, tempFile } from './harness.js';
import { startMockLlm, type MockLlmProcess } from './mock-llm-process.js';

const OPENAI_KEY = 'sk-openai-upstream-Secret-3';
const ANTHROPIC_KEY = 'sk-ant-upstream-Secret-4';
let mock: MockLlmProcess;
let gw: StartedProcess;
let GW: string;

function config(up: string): string {
  return `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    plugins:
      - name: ai-prompt-decorator
        config:
          prompts:
            prepend:
              - { content: "You are a careful assistant." }
              - { role: user, content: "Context: the user is on the free plan." }
            append:
              - { content: "Answer in one sentence." }
      - name: ai-prompt-guard
        config:
          deny_patterns: ["(?i)password", "\\\\bsecret key\\\\b"]
    routes:
      - name: openai
        paths: [/openai]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              auth: { header_name: Authorization, header_value: "Bearer ${OPENAI_KEY}" }
              model: { provider: openai, name: gpt-test, options: { upstream_url: "${up}/v1/chat/completions" } }
      - name: anthropic
        paths: [/anthropic]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              auth: { header_name: x-api-key, header_value: "${ANTHROPIC_KEY}" }
              model: { provider: anthropic, name: claude-test, options: { anthropic_version: "2023-06-01", upstream_url: "${up}/v1/messages" } }
          - name: ai-prompt-decorator
            config:
              prompts:
                prepend: [{ content: "Route rule: be polite." }]
                append: [{ role: user, content: "Reply in French." }]
  - name: plain
    url: ${up}
    routes:
      - name: plain
        paths: [/plain]
        plugins:
          - name: ai-prompt-guard
            config: { allow_patterns: ["^weather"] }
`;
}

before(async () => {
  mock = await startMockLlm(['--openai-key', OPENAI_KEY, '--anthropic-key', ANTHROPIC_KEY]);
  gw = await startGatewayProcess(tempFile('kong.yaml', config(mock.url)), {});
  GW = gw.listeners.get('proxy')!;
});

after(async () => {
  await Promise.all([gw?.kill(), mock?.proc.kill()]);
});

const chat = (content: string, history: { role: string; content: string }[] = []) =>
  JSON.stringify({ messages: [...history, { role: 'user', content }] });
const upstreamCount = async () => (await mock.requests()).length;

describe('ai-prompt-guard: Kong\'s 400, nothing proxied', () => {
  it('a denied prompt (case-insensitive pattern) is 400 {"error":{"message":"bad request"}} and the upstream is never called', async () => {
    const before = await upstreamCount();
    for (const path of ['/openai', '/anthropic']) {
      const r = await send(`${GW}${path}`, { body: chat('what is the admin PASSWORD?') });
      assert.equal(r.status, 400, r.body.toString());
      assert.equal(r.body.toString(), '{"error":{"message":"bad request"}}');
      assert.match(String(r.headers['content-type']), /^application\/json/);
    }
    // an older user message is checked too (allow_all_conversation_history: false)
    const old = await send(`${GW}/openai`, { body: chat('thanks', [{ role: 'user', content: 'my secret key is 123' }, { role: 'assistant', content: 'ok' }]) });
    assert.equal(old.status, 400);
    assert.equal(await upstreamCount(), before);
  });

  it('a non-JSON body is the prompt plugins\' own 400', async () => {
    const r = await send(`${GW}/openai`, { body: 'not json' });
    assert.equal(r.status, 400);
    assert.deepEqual(json(r), { error: { message: 'this LLM route only supports application/json requests' } });
  });
});

describe('ai-prompt-decorator: messages in place, every provider', () => {
  it('openai: the upstream receives prepend + client messages + append, in order', async () => {
    const r = await send(`${GW}/openai`, { body: chat('one two three', [{ role: 'system', content: 'client system' }]) });
    assert.equal(r.status, 200, r.body.toString());
    const rec = await mock.last();
    assert.equal(rec.path, '/v1/chat/completions');
    assert.deepEqual(rec.json!.messages, [
      { role: 'system', content: 'You are a careful assistant.' },
      { role: 'user', content: 'Context: the user is on the free plan.' },
      { role: 'system', content: 'client system' },
      { role: 'user', content: 'one two three' },
      { role: 'system', content: 'Answer in one sentence.' },
    ]);
  });

  it('anthropic: the route\'s decorator wins over the service\'s; the Messages body is built from the decorated conversation', async () => {
    const r = await send(`${GW}/anthropic`, { body: chat('one two three') });
    assert.equal(r.status, 200, r.body.toString());
    const body = json(r) as { choices: { message: { content: string } }[] };
    // mock-llm answers the last user message's words reversed: the appended user message is last
    assert.equal(body.choices[0]!.message.content, ' French. in Reply');
    const rec = await mock.last();
    assert.equal(rec.path, '/v1/messages');
    assert.equal(rec.json!.system, 'Route rule: be polite.');
    assert.deepEqual(rec.json!.messages, [
      { role: 'user', content: 'one two three' },
      { role: 'user', content: 'Reply in French.' },
    ]);
    assert.ok(!JSON.stringify(rec.json).includes('careful assistant'), 'the service-level decorator does not also run');
  });

  it('a completions-style body on the chat route is the decorator\'s 400', async () => {
    const r = await send(`${GW}/openai`, { body: JSON.stringify({ model: 'gpt-test', prompt: 'hello' }) });
    assert.equal(r.status, 400);
    assert.deepEqual(json(r), { error: { message: 'this LLM route only supports llm/chat type requests' } });
  });
});

describe('fail closed', () => {
  it('a guard on a route without ai-proxy: 500 naming the plugin and the fix, not proxied', async () => {
    const before = await upstreamCount();
    const r = await send(`${GW}/plain`, { body: chat('weather?') });
    assert.equal(r.status, 500);
    assert.equal(
      (json(r) as { message: string }).message,
      "plugin 'ai-prompt-guard' is configured for this request but no ai-proxy or ai-proxy-advanced plugin applies to it; add an ai-proxy or ai-proxy-advanced plugin to the route, or remove 'ai-prompt-guard'",
    );
    assert.equal(await upstreamCount(), before);
  });
});
