// `DEMO_PROVIDER=<name> make demo` from a clean state (a fresh DEMO_DIR each), run and read as a
// person would: Terraform applies the provider's ai-proxy (credentials as sensitive TF_VAR_*),
// the gateway translates an OpenAI-format chat request and a streamed one to the vendor's API at
// bin/mock-llm and back — both 200 with the mock's deterministic answer, the stream token by
// token — the mock saw the generated credential where the vendor expects it, no credential is
// printed, and afterwards every process it reported is gone and every port it used is free. An
// unknown DEMO_PROVIDER is refused before anything starts, naming the accepted values.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CHAT_MAX_TOKENS, chatPrompt, DEMO_PROVIDERS, type DemoProvider } from '../scripts/demo/index.js';
import { answer } from '../src/mock-llm/index.js';
import { killStartedProcesses, REPO_ROOT, runCommand, tempDir, terraformSkipReason } from '../src/testing/index.js';

after(killStartedProcesses);

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const skip = terraformSkipReason();
const provider = (name: string): DemoProvider => DEMO_PROVIDERS.find((p) => p.name === name)!;

test('DEMO_PROVIDER=<unknown> make demo: refused before anything starts, the accepted names listed', { timeout: 120_000 }, async () => {
  const demo = tempDir('make-demo-unknown-');
  after(() => demo.remove());
  const dir = join(demo.path, 'never-created');
  const r = await runCommand('make', ['-s', 'demo'], { cwd: REPO_ROOT, env: { ...process.env, DEMO_DIR: dir, DEMO_PROVIDER: 'gemeni' }, timeoutMs: 100_000 });
  assert.notEqual(r.code, 0);
  assert.match(r.stdout, /make demo failed: DEMO_PROVIDER="gemeni" is not a provider the demo knows: set DEMO_PROVIDER to one of huggingface, openai, anthropic, bedrock \(default huggingface\)/);
  assert.doesNotMatch(r.stdout, /^\[1\]/m, 'no step ran');
  assert.equal(existsSync(dir), false, 'nothing was written');
});

for (const name of ['anthropic', 'bedrock']) {
  const p = provider(name);
  test(`DEMO_PROVIDER=${name} make demo from a clean state: terraform apply → mock Konnect → ai-gateway → bin/mock-llm (${name}), everything stopped afterwards`, { skip, timeout: 240_000 }, async () => {
    const demo = tempDir(`make-demo-${name}-`);
    after(() => demo.remove());
    const r = await runCommand('make', ['-s', 'demo'], { cwd: REPO_ROOT, env: { ...process.env, DEMO_DIR: demo.path, DEMO_PROVIDER: name, DEMO_ROTATE: '' }, timeoutMs: 200_000 });
    const out = r.stdout;
    assert.equal(r.code, 0, `make demo failed:\n${out}\n${r.stderr}`);

    // The answer bin/mock-llm gives for the prompt, through the gateway's translation both ways.
    const expected = answer(chatPrompt(p.title), chatPrompt(p.title), CHAT_MAX_TOKENS);
    assert.ok(out.includes(`HTTP 200, model ${p.model}, finish_reason stop, content: ${JSON.stringify(expected.text)}`), `the chat answer:\n${out}`);
    assert.ok(out.includes(`      stream: ${expected.text}\n`), `the streamed tokens:\n${out}`);
    const timing = new RegExp(`HTTP 200, ${expected.tokens.length} tokens, first after (\\d+) ms, last after (\\d+) ms, finish_reason stop`).exec(out);
    assert.ok(timing, out);
    // bin/mock-llm waits 60 ms before each token: a relay that buffered would show them all at once.
    assert.ok(Number(timing[2]) - Number(timing[1]) >= 250, `tokens arrived spread out (first ${timing[1]} ms, last ${timing[2]} ms)`);
    assert.match(out, /Apply complete! Resources: 4 added, 0 changed, 0 destroyed\./);
    // The vendor's own API was called, and the mock found the generated credential valid.
    const calls = [...out.matchAll(/^ {6}POST (\S+) \((\w+)\): 200, credential valid$/gm)];
    assert.equal(calls.length, 2, `two upstream calls, credential valid:\n${out}`);
    for (const c of calls) assert.equal(c[2], name);
    if (name === 'anthropic') assert.deepEqual(calls.map((c) => c[1]), ['/v1/messages', '/v1/messages']);
    if (name === 'bedrock') assert.deepEqual(calls.map((c) => c[1]!.replace(/^\/model\/[^/]+\//, '')), ['converse', 'converse-stream']);

    const steps = out.split('\n').filter((l) => /^\[\d+\] /.test(l));
    const timings = [...out.matchAll(/^ {6}.*\((\d+\.\d) s\)$/gm)];
    assert.equal(timings.length, steps.length, `one timing per step:\n${out}`);
    assert.doesNotMatch(out, /^\s+at .+:\d+:\d+\)?$/m);
    assert.equal(r.stderr.replace(/^make.*\n/gm, '').trim(), '', `stderr: ${r.stderr}`);

    // No credential anywhere in the output, nor in main.tf (variables only); the env file is 0600.
    const envFile = join(demo.path, `env-${name}.sh`);
    const secrets = [...readFileSync(envFile, 'utf8').matchAll(/^export (KONNECT_TOKEN|TF_VAR_\w+|MOCK_LLM_\w+)='([^']+)'$/gm)].map((m) => m[2]!);
    assert.equal(secrets.length, 1 + 2 * p.credentials.length, readFileSync(envFile, 'utf8').replace(/'[^']*'/g, "'…'"));
    const mainTf = readFileSync(join(demo.path, `terraform-${name}`, 'main.tf'), 'utf8');
    for (const s of secrets) {
      assert.ok(!out.includes(s) && !r.stderr.includes(s), 'a demo credential was printed');
      assert.ok(!mainTf.includes(s), 'a demo credential was written into main.tf');
    }
    assert.equal(statSync(envFile).mode & 0o777, 0o600);
    for (const c of p.credentials) assert.match(mainTf, new RegExp(`variable "${c.variable}" \\{\\n  type      = string\\n  sensitive = true\\n\\}`));

    // Everything it started is stopped: the PIDs it reported, the ports it listened on.
    const pids = [...out.matchAll(/listening on http:\/\/127\.0\.0\.1:\d+[^\n]*\(pid (\d+)\)/g)].map((m) => Number(m[1]));
    assert.equal(pids.length, 3, `mock-konnect, mock-llm, ai-gateway:\n${out}`);
    const stoppedLine = out.split('\n').find((l) => l.includes('stopped ai-gateway')) ?? '';
    for (const pid of pids) assert.ok(stoppedLine.includes(`(pid ${pid})`), `pid ${pid} reported stopped: ${stoppedLine}`);
    for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} is still running`);
    const stepsText = out.slice(0, out.indexOf('\nDone in '));
    const ports = new Set([...stepsText.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1])));
    assert.ok(ports.size >= 4, `mock Konnect, mock-llm, proxy and status ports: ${[...ports].join(', ')}`);
    for (const port of ports) assert.equal(await portIsFree(port), true, `port ${port} is still held`);

    assert.ok(existsSync(join(demo.path, `terraform-${name}`, 'terraform.tfstate')));
    assert.ok(out.includes(`source ${envFile}`), out);
  });
}
