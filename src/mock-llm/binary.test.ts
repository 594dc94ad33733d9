// bin/mock-llm as a process: started on an OS-picked loopback port, credentials from flags and
// the environment, one vendor of each kind of auth, no credential ever in its output, stopped
// by PID with SIGTERM (exit 0, port closed); bad flags exit 2. Needs `make build` (make test runs it).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { killStartedProcesses, REPO_ROOT, runCommand, startServer } from '../testing/index.js';

const BIN = join(REPO_ROOT, 'bin', 'mock-llm');
const SECRETS = { key: 'sk-shared-secret-4711', anthropic: 'sk-ant-secret-0815', hf: 'hf_secret_token_42', akid: 'AKIASECRETMOCK000001', secret: 'aws/secret/value/0123456789abcdef' };

after(() => killStartedProcesses());

describe('bin/mock-llm (the built binary)', () => {
  it('serves OpenAI, Anthropic, Bedrock (SigV4 over HTTP/2) and the TGI; never prints a credential; SIGTERM stops it', async () => {
    const { process: p, url } = await startServer(
      BIN,
      ['--listen', '127.0.0.1:0', '--anthropic-key', SECRETS.anthropic, '--huggingface-key', SECRETS.hf, '--aws-access-key-id', SECRETS.akid, '--aws-region', 'eu-west-1', '--token-delay-ms', '40'],
      'mock-llm',
      { env: { ...process.env, MOCK_LLM_KEY: SECRETS.key, MOCK_LLM_AWS_SECRET_ACCESS_KEY: SECRETS.secret } },
    );
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(p.pid > 0);

    const openai = new OpenAI({ apiKey: SECRETS.key, baseURL: `${url}/v1`, maxRetries: 0 });
    const r = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'one two' }] });
    assert.equal(r.choices[0]!.message.content, ' two one');
    const wrong = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }, { headers: { authorization: `Bearer ${SECRETS.anthropic}` } }).catch((e: unknown) => e);
    assert.ok(wrong instanceof OpenAI.AuthenticationError);

    const anthropic = new Anthropic({ apiKey: SECRETS.anthropic, baseURL: url, maxRetries: 0 });
    const msg = await anthropic.messages.stream({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'a b c' }] }).finalMessage();
    assert.equal(msg.usage.output_tokens, 3);

    const bedrock = new BedrockRuntimeClient({ region: 'eu-west-1', endpoint: url, credentials: { accessKeyId: SECRETS.akid, secretAccessKey: SECRETS.secret }, maxAttempts: 1 });
    const out = await bedrock.send(new ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'p q' }] }] }));
    let text = '';
    for await (const e of out.stream!) text += e.contentBlockDelta?.delta?.text ?? '';
    assert.equal(text, ' q p');

    const tgi = await fetch(`${url}/generate`, { method: 'POST', headers: { authorization: `Bearer ${SECRETS.hf}`, 'content-type': 'application/json' }, body: '{"inputs":"u v","parameters":{"max_new_tokens":2}}' });
    assert.equal(((await tgi.json()) as { generated_text: string }).generated_text, ' v u');

    // Streamed event by event with the per-token delay: the first event long before the last.
    const t0 = performance.now();
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRETS.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'a b c d e f' }] }),
    });
    const reader = res.body!.getReader();
    await reader.read();
    const first = performance.now() - t0;
    while (!(await reader.read()).done);
    const last = performance.now() - t0;
    assert.ok(last - first >= 6 * 40 * 0.8, `first event after ${first.toFixed(0)} ms, last after ${last.toFixed(0)} ms`);

    const recorded = JSON.stringify(await (await fetch(`${url}/__mock/requests`)).json());
    assert.ok(recorded.includes(SECRETS.anthropic), 'the record keeps credentials for tests');

    await p.kill('SIGTERM', 10_000); // a loaded 2-core CI machine needs more than the default 2 s grace
    assert.equal(await p.exited(), 0);
    const port = Number(new URL(url).port);
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(false)));
      s.once('error', () => resolve(true));
    });
    assert.ok(refused, `port ${port} still open after SIGTERM`);
    const output = p.stdout() + p.stderr();
    for (const secret of Object.values(SECRETS)) assert.ok(!output.includes(secret), 'a credential was printed');
  });

  it('--help exits 0; a bad flag value exits 2 naming the flag', async () => {
    const help = await runCommand(BIN, ['--help'], { timeoutMs: 20_000 });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: mock-llm/);
    assert.match(help.stdout, /--<vendor>-key K .*vendors: openai, azure, anthropic/);
    for (const [args, pattern] of [
      [['--fault', 'sometimes'], /--fault: unknown fault "sometimes"/],
      [['--listen', 'nowhere'], /--listen: expected HOST:PORT/],
      [['--aws-access-key-id', 'A'], /go together/],
      [['--token-delay-ms', '-1'], /--token-delay-ms/],
    ] as const) {
      const r = await runCommand(BIN, args, { timeoutMs: 20_000 });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, pattern);
    }
  });
});
