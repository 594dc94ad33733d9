// `make demo` from a clean state (a fresh demo directory, DEMO_DIR), run as a person would, and
// read as a person would: both calls 200 with the text the local TGI generates for the prompt,
// the stream's tokens, a timing on every step, no stack trace, no token; afterwards every process
// it reported is gone and no port it listened on is still held; the working directory is left.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MAX_NEW_TOKENS, PROMPT } from '../scripts/demo/index.js';
import { killStartedProcesses, REPO_ROOT, runCommand, tempDir, terraformSkipReason } from '../src/testing/index.js';
import { generateText } from '../src/testing/tgi/index.js';

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
const demo = tempDir('make-demo-');
after(() => demo.remove());

test('make demo from a clean state: terraform apply → mock Konnect → ai-gateway → local TGI, everything stopped afterwards', { skip, timeout: 240_000 }, async () => {
  const r = await runCommand('make', ['-s', 'demo'], { cwd: REPO_ROOT, env: { ...process.env, DEMO_DIR: demo.path, DEMO_ROTATE: '' }, timeoutMs: 200_000 });
  const out = r.stdout;
  assert.equal(r.code, 0, `make demo failed:\n${out}\n${r.stderr}`);

  // What a person reads: the generated text, both calls 200, the stream token by token.
  const expected = generateText(PROMPT, MAX_NEW_TOKENS);
  assert.ok(out.includes(`HTTP 200, generated_text: ${JSON.stringify(expected)}`), `the /generate answer from the local TGI:\n${out}`);
  assert.ok(out.includes(`      stream: ${expected}\n`), `the streamed tokens:\n${out}`);
  // Token by token as they arrive: the local TGI waits 60 ms before each token, so a relay that
  // buffered the stream would show the first token about as late as the last.
  const timing = new RegExp(`HTTP 200, ${MAX_NEW_TOKENS} tokens, first after (\\d+) ms, last after (\\d+) ms`).exec(out);
  assert.ok(timing, out);
  assert.ok(Number(timing[2]) - Number(timing[1]) >= 500, `tokens arrived spread out (first ${timing[1]} ms, last ${timing[2]} ms)`);
  assert.match(out, /Apply complete! Resources: 4 added, 0 changed, 0 destroyed\./);

  // Every step is numbered and timed; the total is said.
  const steps = out.split('\n').filter((l) => /^\[\d+\] /.test(l));
  assert.ok(steps.length >= 10, out);
  const timings = [...out.matchAll(/^ {6}.*\((\d+\.\d) s\)$/gm)].map((m) => Number(m[1]));
  assert.equal(timings.length, steps.length, `one timing per step:\n${out}`);
  const total = Number(/^Done in (\d+\.\d) s\./m.exec(out)?.[1]);
  assert.ok(total > 0 && total < 120, `total ${total} s`);

  // No noise: no stack trace, nothing on stderr but make's own lines, no token anywhere.
  assert.doesNotMatch(out, /^\s+at .+:\d+:\d+\)?$/m);
  assert.equal(r.stderr.replace(/^make.*\n/gm, '').trim(), '', `stderr: ${r.stderr}`);
  const envFile = join(demo.path, 'env.sh');
  const tokens = [...readFileSync(envFile, 'utf8').matchAll(/^export (KONNECT_TOKEN|TF_VAR_huggingface_token)='([^']+)'$/gm)].map((m) => m[2]!);
  assert.equal(tokens.length, 2);
  for (const t of tokens) assert.ok(!out.includes(t) && !r.stderr.includes(t), 'a demo token was printed');
  assert.equal(statSync(envFile).mode & 0o777, 0o600);

  // Everything it started is stopped: the PIDs it reported, the ports it listened on.
  const started = [...out.matchAll(/listening on (http:\/\/127\.0\.0\.1:(\d+))[^\n]*\(pid (\d+)\)/g)];
  const pids = started.map((m) => Number(m[3]));
  assert.equal(pids.length, 3, `mock-konnect, mock-tgi, ai-gateway:\n${out}`);
  const stoppedLine = out.split('\n').find((l) => l.includes('stopped ai-gateway')) ?? '';
  for (const pid of pids) assert.ok(stoppedLine.includes(`(pid ${pid})`), `pid ${pid} reported stopped: ${stoppedLine}`);
  for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} is still running`);
  const stepsText = out.slice(0, out.indexOf('\nDone in '));
  const ports = new Set([...stepsText.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1])));
  assert.ok(ports.size >= 4, `mock Konnect, TGI, proxy and status ports: ${[...ports].join(', ')}`);
  for (const port of ports) assert.equal(await portIsFree(port), true, `port ${port} is still held`);

  // The working directory is left for `terraform plan`, and the output says how.
  assert.ok(existsSync(join(demo.path, 'terraform', 'main.tf')));
  assert.ok(existsSync(join(demo.path, 'terraform', 'terraform.tfstate')));
  assert.match(out, /terraform -chdir=\S+ plan/);
  assert.ok(out.includes(`source ${envFile}`), out);
});

test('DEMO_ROTATE=1 make demo again on the same directory: same mock data and ports, a live rotation with no failed request', { skip, timeout: 240_000 }, async () => {
  const state = JSON.parse(readFileSync(join(demo.path, 'demo.json'), 'utf8')) as { konnectPort: number };
  const r = await runCommand('make', ['-s', 'demo'], { cwd: REPO_ROOT, env: { ...process.env, DEMO_DIR: demo.path, DEMO_ROTATE: '1' }, timeoutMs: 200_000 });
  const out = r.stdout;
  assert.equal(r.code, 0, `make demo failed:\n${out}\n${r.stderr}`);
  assert.ok(out.includes(`mock-konnect listening on http://127.0.0.1:${state.konnectPort} `), `the mock Konnect is back on its port:\n${out}`);
  assert.match(out, /Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./, 'the durable mock kept the objects; only the new demo token changes');
  const rotation = /the gateway sent the new token (\d+\.\d) s after terraform updated the plugin \(poll interval 1 s\); (\d+) requests during the switch, (\d+) failed, (\d+) with the old token afterwards/.exec(out);
  assert.ok(rotation, `the rotation step:\n${out}`);
  assert.equal(rotation[3], '0', 'no request failed during the rotation');
  assert.equal(rotation[4], '0', 'the old token was not sent after the switch');
  assert.ok(Number(rotation[1]) <= 3, `switch after ${rotation[1]} s (poll interval 1 s, margin for a loaded machine)`);
  const pids = [...out.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
  for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} is still running`);
});
