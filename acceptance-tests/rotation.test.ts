// Live token rotation, end to end: terraform (real CLI, our provider) applies the seed's
// route-scoped configuration with TF_VAR_huggingface_token=OLD; ai-gateway (two workers) resolves
// it from the mock Konnect, polling every second; a client loop keeps sending POST /hf/generate
// while TF_VAR_huggingface_token=NEW is applied. The local TGI accepts both tokens and records
// which one each request carried: the new one must arrive within one poll interval of the plugin
// update (plus a generous margin for a loaded machine), no request may fail, and once the new
// token is seen the old one is not sent again.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { demoConfiguration, demoToken, exampleControlPlane, rotateLive, tgiRequests, generate } from '../scripts/demo/index.js';
import { installProvider, killStartedProcesses, REPO_ROOT, startProcess, startServer, tempDir, terraformSkipReason, terraformWorkdir } from '../src/testing/index.js';

after(killStartedProcesses);

const POLL_MS = 1_000;
const MARGIN_MS = 2_000;
const bin = (name: string) => `${REPO_ROOT}/bin/${name}`;

test('changing TF_VAR_huggingface_token and re-applying switches the running gateway within one poll interval, no request failing', { skip: terraformSkipReason(), timeout: 180_000 }, async () => {
  const konnectToken = demoToken('kpat_rotation');
  const OLD = demoToken('hf_rotation_old_');
  const NEW = demoToken('hf_rotation_new_');
  const konnect = await startServer(bin('mock-konnect'), ['--listen', '127.0.0.1:0', '--in-memory', '--token', konnectToken], 'mock-konnect');
  const tgi = await startServer(bin('mock-tgi'), ['--listen', '127.0.0.1:0', '--token', OLD, '--token', NEW], 'mock-tgi');
  const mirror = tempDir('rotation-mirror-');
  after(() => mirror.remove());
  const cliConfig = await installProvider(mirror.path);
  const hcl = demoConfiguration('route', konnect.url, tgi.url);
  const work = terraformWorkdir(cliConfig, { 'main.tf': hcl });
  after(() => work.remove());
  const env = (token: string) => ({ KONNECT_TOKEN: konnectToken, TF_VAR_huggingface_token: token });
  const apply = async (token: string) => {
    const r = await work.terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { env: env(token) });
    assert.equal(r.code, 0, `terraform apply:\n${r.stdout}\n${r.stderr}`);
    for (const secret of [OLD, NEW, konnectToken]) assert.ok(!`${r.stdout}${r.stderr}`.includes(secret), 'terraform output never shows a token');
    return r.stdout;
  };

  const init = await work.terraform(['init', '-input=false', '-no-color'], { env: env(OLD) });
  assert.equal(init.code, 0, init.stdout + init.stderr);
  assert.match(await apply(OLD), /Apply complete! Resources: 4 added/);

  const gateway = startProcess(
    bin('ai-gateway'),
    ['--konnect-url', konnect.url, '--control-plane', exampleControlPlane(hcl), '--poll-interval', `${POLL_MS}ms`, '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0', '--workers', '2'],
    { env: { ...process.env, KONNECT_TOKEN: konnectToken } },
  );
  const proxy = /(http:\/\/\S+)/.exec(await gateway.waitForLine(/^proxy listening on http:\/\/\S+$/, 30_000))![1]!;
  const base = `${proxy}/hf`;

  const before = await generate(base, 'before the rotation', 2);
  assert.equal(before.status, 200, before.text);
  assert.equal((await tgiRequests(tgi.url)).at(-1)?.tokenIndex, 0, 'the old token is in force before the rotation');

  const r = await rotateLive({ gatewayBase: base, konnectUrl: konnect.url, tgiUrl: tgi.url, newIndex: 1, timeoutMs: POLL_MS + 15_000, afterMs: 1_500, reapply: async () => void (await apply(NEW)) });
  assert.deepEqual(r.failures, [], `${r.failures.length} of ${r.requests} requests failed during the switch`);
  assert.ok(r.requests >= 20, `the client loop ran throughout (${r.requests} requests)`);
  assert.notEqual(r.sinceUpdateMs, null, 'the new token reached the TGI');
  assert.ok(r.sinceUpdateMs! <= POLL_MS + MARGIN_MS, `new token ${r.sinceUpdateMs} ms after the plugin update; poll interval ${POLL_MS} ms`);
  assert.equal(r.oldAfterSwitch, 0, 'no request carried the old token once the new one was in force');

  const afterwards = await generate(base, 'after the rotation', 2);
  assert.equal(afterwards.status, 200, afterwards.text);
  assert.equal((await tgiRequests(tgi.url)).at(-1)?.tokenIndex, 1);
  for (const secret of [OLD, NEW, konnectToken]) assert.ok(!gateway.stdout().includes(secret) && !gateway.stderr().includes(secret), 'the gateway never logs a token');
  await gateway.kill();
});
