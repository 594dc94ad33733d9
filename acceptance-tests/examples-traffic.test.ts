// Acceptance: the five examples/terraform/<scope> directories exactly as shipped (main.tf, the
// seed's configuration, with upstream_url pointed at the local TGI; gateway.tf, what makes it carry
// traffic) applied from scratch by the real terraform CLI with our provider against a fresh
// bin/mock-konnect — nothing else writes to Konnect — then bin/ai-gateway (Konnect source) on
// each scope's control plane serves POST /hf/generate to the local TGI with the right token:
// anyone for global, service and route; only with alice's API key for consumer and consumer
// group (401 without). Destroy leaves the mock empty.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoToken } from '../scripts/demo/index.js';
import { installProvider, killStartedProcesses, REPO_ROOT, startProcess, startServer, tempDir, terraformSkipReason, terraformWorkdir, type Workdir } from '../src/testing/index.js';
import type { RecordedRequest } from '../src/testing/tgi/index.js';
import { scopeModule } from './matrix/terraform.js';
import { SCOPES, type Scope } from './gateway/seed.js';
import { exampleControlPlane } from '../scripts/demo/index.js';

const skip = terraformSkipReason();
const GATEWAY = `${REPO_ROOT}/bin/ai-gateway`;
const KEYED: readonly Scope[] = ['consumer', 'consumer_group'];
const BODY = '{"inputs":"Hi","parameters":{"max_new_tokens":4}}';

describe('examples/terraform/<scope> as shipped carry traffic through ai-gateway, from Terraform alone', { skip }, () => {
  const hfToken = demoToken('hf_examples_');
  const konnectToken = demoToken('kpat_examples');
  const apiKey = demoToken('alice_');
  let mirror: { path: string; remove: () => void };
  let konnectUrl = '';
  let tgiUrl = '';
  const works: Workdir[] = [];
  const controlPlanes = {} as Record<Scope, string>;
  const env = () => ({ KONNECT_TOKEN: konnectToken, TF_VAR_huggingface_token: hfToken, TF_VAR_consumer_api_key: apiKey });

  before(async () => {
    mirror = tempDir('konnect-mirror-');
    const cliConfig = await installProvider(mirror.path);
    tgiUrl = (await startServer(`${REPO_ROOT}/bin/mock-tgi`, ['--listen', '127.0.0.1:0', '--token', hfToken], 'mock-tgi')).url;
    konnectUrl = (await startServer(`${REPO_ROOT}/bin/mock-konnect`, ['--listen', '127.0.0.1:0', '--in-memory', '--token', konnectToken], 'mock-konnect')).url;
    for (const scope of SCOPES) {
      const files = scopeModule(scope, tgiUrl, { environment: false });
      controlPlanes[scope] = exampleControlPlane(files['main.tf']!);
      works.push(terraformWorkdir(cliConfig, files));
    }
  });
  after(async () => {
    await killStartedProcesses();
    for (const w of works) w.remove();
    mirror?.remove();
  });

  test('terraform init + apply in each directory, the konnect_server_url variable pointed at the mock', async () => {
    for (const [i, scope] of SCOPES.entries()) {
      const w = works[i]!;
      const e = { ...env(), TF_VAR_konnect_server_url: konnectUrl };
      const init = await w.terraform(['init', '-input=false', '-no-color'], { env: e });
      assert.equal(init.code, 0, init.stderr);
      const apply = await w.terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { env: e, timeoutMs: 180_000 });
      assert.equal(apply.code, 0, `${scope}: ${apply.stdout}\n${apply.stderr}`);
      assert.ok(!`${apply.stdout}${apply.stderr}`.includes(apiKey) && !`${apply.stdout}${apply.stderr}`.includes(hfToken), `${scope}: no secret printed`);
      const plan = await w.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'], { env: e });
      assert.equal(plan.code, 0, `${scope}: the plan after apply is empty:\n${plan.stdout}`);
    }
  });

  for (const scope of SCOPES) {
    test(`${scope}: ai-gateway on the control plane serves POST /hf/generate to the TGI with the token${KEYED.includes(scope) ? ' for alice\'s key only' : ''}`, async () => {
      const gw = startProcess(GATEWAY, ['--konnect-url', konnectUrl, '--control-plane', controlPlanes[scope], '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0', '--workers', '1'], {
        env: { ...process.env, KONNECT_TOKEN: konnectToken },
      });
      try {
        const proxy = /(http:\/\/\S+)$/.exec(await gw.waitForLine(/^proxy listening on http:\/\/\S+$/, 30_000))![1]!;
        const send = (headers: Record<string, string> = {}) => fetch(`${proxy}/hf/generate`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: BODY });
        if (KEYED.includes(scope)) {
          const anonymous = await send();
          assert.equal(anonymous.status, 401, `${scope}: no key, no entry: ${await anonymous.text()}`);
          const wrong = await send({ apikey: 'not-the-key' });
          assert.equal(wrong.status, 401, await wrong.text());
        }
        const before = (await tgiLog(tgiUrl)).length;
        const res = await send(KEYED.includes(scope) ? { apikey: apiKey } : {});
        const text = await res.text();
        assert.equal(res.status, 200, `${scope}: ${text}`);
        const got = (await tgiLog(tgiUrl)).slice(before).filter((r) => r.url === '/generate');
        assert.equal(got.length, 1, `${scope}: the TGI got one /generate`);
        assert.equal(got[0]!.authorization, 'valid', `${scope}: with Bearer <the huggingface token>`);
      } finally {
        await gw.kill();
      }
    });
  }

  test('terraform destroy in each directory leaves the mock Konnect empty', async () => {
    for (const [i, scope] of SCOPES.entries()) {
      const d = await works[i]!.terraform(['destroy', '-auto-approve', '-input=false', '-no-color'], { env: { ...env(), TF_VAR_konnect_server_url: konnectUrl }, timeoutMs: 180_000 });
      assert.equal(d.code, 0, `${scope}: ${d.stdout}\n${d.stderr}`);
    }
    const res = await fetch(`${konnectUrl}/v2/control-planes`, { headers: { authorization: `Bearer ${konnectToken}` } });
    assert.deepEqual(((await res.json()) as { data: unknown[] }).data, []);
  });
});

async function tgiLog(tgiUrl: string): Promise<RecordedRequest[]> {
  return (await (await fetch(`${tgiUrl}/__requests`)).json()) as RecordedRequest[];
}
