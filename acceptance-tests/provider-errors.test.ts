// Acceptance: the one policy for thrown errors, with the real terraform CLI attached (reattach)
// to a provider served by our bridge and framework whose resource throws an error carrying a
// secret (acceptance-tests/provider-errors/throwing-provider.ts). Whether the framework's guard
// catches it (create) or the bridge's handler does (import), the secret appears nowhere: not in
// Terraform's output, not in its TF_LOG=trace log, not in the provider's own trace log on stderr.
// The user gets an internal error with a correlation id, and the provider's log has that id with
// the stack's code locations. A typed, safe error (KonnectError) is shown with its message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { killStartedProcesses, REPO_ROOT, startProcess, terraformSkipReason, terraformWorkdir, tempDir, type TestProcess, type Workdir } from '../src/testing/index.js';

const skip = terraformSkipReason();
const SECRET = `kpat_ThrownSecret_${Math.random().toString(36).slice(2)}`;
const FIXTURE = join(REPO_ROOT, 'acceptance-tests', 'provider-errors', 'throwing-provider.ts');
const squash = (s: string) => s.replace(/\s+/g, ' ');

const mainTf = (mode: string) => `terraform {
  required_providers {
    throwing = {
      source = "test/throwing"
    }
  }
}

resource "throwing_thing" "x" {
  mode = "${mode}"
}
`;

describe('a thrown error carrying a secret, through terraform', { skip }, () => {
  let provider: TestProcess;
  let reattach: string;
  let cliConfig: { path: string; remove: () => void };
  const workdirs: Workdir[] = [];

  before(async () => {
    provider = startProcess(process.execPath, ['--import', 'tsx', FIXTURE, '--debug'], {
      env: { ...process.env, THROWING_SECRET: SECRET, TF_LOG: 'trace', TF_LOG_PROVIDER: 'trace' },
      cwd: REPO_ROOT,
    });
    const line = await provider.waitForLine(/TF_REATTACH_PROVIDERS='/, 60_000);
    reattach = /TF_REATTACH_PROVIDERS='(.*)'/.exec(line)![1]!;
    // An empty CLI config: nothing to install, the provider is attached.
    cliConfig = tempDir('throwing-cli-');
  });
  after(async () => {
    await killStartedProcesses();
    for (const w of workdirs) w.remove();
    cliConfig?.remove();
  });

  async function run(mode: string, args: readonly string[]) {
    const work = terraformWorkdir(join(cliConfig.path, 'none.rc'), { 'main.tf': mainTf(mode) });
    workdirs.push(work);
    const env = { TF_REATTACH_PROVIDERS: reattach, TF_LOG: 'trace' };
    const init = await work.terraform(['init', '-input=false', '-no-color'], { env });
    assert.equal(init.code, 0, `${init.stdout}\n${init.stderr}`);
    const r = await work.terraform(args, { env });
    return { ...r, out: `${r.stdout}\n${r.stderr}`, init: `${init.stdout}\n${init.stderr}` };
  }

  function assertNowhere(what: string, ...texts: string[]) {
    for (const t of texts) assert.ok(!t.includes(SECRET), `${what}: the secret leaked`);
    assert.ok(!provider.stdout().includes(SECRET) && !provider.stderr().includes(SECRET), `${what}: the secret is in the provider's own output`);
  }

  function assertLoggedWithId(id: string) {
    const line = provider.stderr().split('\n').find((l) => l.includes(`"error_id":"${id}"`));
    assert.ok(line, `the provider's log has error_id ${id}`);
    assert.match(line!, /"@level":"error"/);
    assert.match(line!, /"stack":\["at /, "with the stack's code locations");
  }

  test('create throws (caught by the framework): an internal error with an id; the secret is in no output or log', async () => {
    const r = await run('plain', ['apply', '-auto-approve', '-input=false', '-no-color']);
    assert.equal(r.code, 1, r.out);
    const out = squash(r.out);
    assert.match(out, /Error: Internal error in the provider/);
    const id = /\(TypeError, error id ([0-9a-f]{12})\)/.exec(out)?.[1];
    assert.ok(id, `a correlation id in: ${out.slice(-1500)}`);
    assertNowhere('apply', r.out, r.init);
    assertLoggedWithId(id!);
    assert.match(r.stderr, /\[TRACE\]/, "terraform's own trace log was searched");
    assert.match(provider.stderr(), /"@level":"trace"/, "the provider's trace log was searched");
  });

  test('import throws outside the framework (caught by the bridge): the same policy', async () => {
    const r = await run('plain', ['import', '-input=false', '-no-color', 'throwing_thing.x', 'some-id']);
    assert.equal(r.code, 1, r.out);
    const out = squash(r.out);
    assert.match(out, /Internal error in the provider/);
    const id = /\(Error, error id ([0-9a-f]{12})\)/.exec(out)?.[1];
    assert.ok(id, `a correlation id in: ${out.slice(-1500)}`);
    assertNowhere('import', r.out, r.init);
    assertLoggedWithId(id!);
  });

  test('a KonnectError (typed, safe) is shown with its message', async () => {
    const r = await run('konnect', ['apply', '-auto-approve', '-input=false', '-no-color']);
    assert.equal(r.code, 1, r.out);
    assert.match(squash(r.out), /Konnect failed: POST \/v2\/things \(HTTP 500\)/);
    assertNowhere('safe error', r.out);
  });
});
