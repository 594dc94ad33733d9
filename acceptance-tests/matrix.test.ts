// The acceptance matrix: for each of the seed's scopes (global, service, route, consumer,
// consumer group), the configuration made by each of the five systems — Terraform (the real CLI
// and our provider, examples/terraform/<scope>), the Konnect API (the seed's curl against the mock
// Konnect), the Kong Admin API (the seed's curl against the gateway's admin listener), decK
// (the seed's kong.yaml block) and KIC (the seed's manifests) — makes ai-gateway run the same
// ai-proxy instance (same scope and precedence level, in the status listener's /explain and in
// `ai-gateway explain`) and send the local TGI the same request for /generate and
// /generate_stream: method, path, headers (the injected token checked by the TGI), body bytes.
// Every request comes from consumer alice (key-auth key alice-key, member of a consumer group);
// in the Terraform column all of it is made by Terraform (matrix/terraform.ts).
// The seed's sixth case is the route scope's other annotate command, on an HTTPRoute instead of an
// Ingress: only KIC has it (the other systems' route configuration is the same as for the Ingress),
// so that KIC cell is compared with the route-scope cells of all five systems.
// (acceptance-tests/gateway/seed-systems.test.ts checks the four gateway-side systems in-process
// down to the defaults-filled config; this adds Terraform and runs every cell as real processes.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demoToken } from '../scripts/demo/index.js';
import { killStartedProcesses, REPO_ROOT, startServer, tempDir, terraformSkipReason } from '../src/testing/index.js';
import { KonnectSource } from '../src/gateway/sources/konnect/index.js';
import { SCOPES, type Scope } from './gateway/seed.js';
import { KonnectApi } from './matrix/konnect-api.js';
import { observe, type Observation } from './matrix/observe.js';
import { BUILD, SYSTEMS, type Context } from './matrix/systems.js';
import { applyTerraformColumn } from './matrix/terraform.js';

after(killStartedProcesses);

const EXPECTED_SCOPE: Record<Scope, { scope: string; level: number }> = {
  global: { scope: 'global', level: 12 },
  service: { scope: 'service', level: 11 },
  route: { scope: 'route', level: 10 },
  consumer: { scope: 'consumer', level: 8 },
  consumer_group: { scope: 'consumer group', level: 9 },
};

const skip = terraformSkipReason();
const hfToken = demoToken('hf_matrix_');
const konnectToken = demoToken('kpat_matrix');
const bin = (name: string) => `${REPO_ROOT}/bin/${name}`;
let tgiUrl = '';
let konnect: KonnectApi;
let terraformControlPlanes: Record<Scope, string> | undefined;
const terraformControlPlaneIds: string[] = [];
let appliedUpTo = 0;
const mockRequests = async () => (await konnect.call<{ data: { seq: number; method: string; path: string }[] }>('GET', '/_mock/requests')).data;
const work = tempDir('matrix-');
after(() => work.remove());

before(async () => {
  if (skip) return;
  tgiUrl = (await startServer(bin('mock-tgi'), ['--listen', '127.0.0.1:0', '--token', hfToken], 'mock-tgi')).url;
  const k = await startServer(bin('mock-konnect'), ['--listen', '127.0.0.1:0', '--in-memory', '--token', konnectToken], 'mock-konnect');
  konnect = new KonnectApi(k.url, konnectToken);
  const tf = await applyTerraformColumn({ mirrorDir: `${work.path}/mirror`, konnectUrl: k.url, konnectToken, hfToken, tgiUrl });
  after(() => tf.work.remove());
  assert.ok(!tf.output.includes(hfToken) && !tf.output.includes(konnectToken), 'terraform never prints a token');
  terraformControlPlanes = tf.controlPlanes;
  // Terraform made the whole environment (examples/terraform/<scope> + matrix-environment.tf);
  // the last test checks that nothing else wrote to those control planes afterwards.
  appliedUpTo = Math.max(0, ...(await mockRequests()).map((r) => r.seq));
  for (const name of Object.values(tf.controlPlanes)) terraformControlPlaneIds.push(await konnect.controlPlaneId(name));
});

/** The ai-proxy config the gateway runs for a control plane (read in-process, like ai-gateway does). */
async function gatewayConfig(controlPlane: string): Promise<Record<string, unknown>> {
  const source = new KonnectSource({ serverUrl: konnect.url, token: konnectToken, controlPlane, pollIntervalMs: 60_000 });
  try {
    const snapshot = await source.start({ onSnapshot: () => {}, onError: () => {} });
    const plugins = snapshot.plugins.filter((p) => p.name === 'ai-proxy');
    assert.equal(plugins.length, 1, `${controlPlane}: one ai-proxy`);
    return plugins[0]!.config as Record<string, unknown>;
  } finally {
    await source.stop();
  }
}

const context = (scope: Scope): Context => ({ scope, dir: work.path, hfToken, konnectToken, tgiUrl, konnect, ...(terraformControlPlanes ? { terraformControlPlane: terraformControlPlanes[scope] } : {}) });

/** Every cell runs the scope's ai-proxy for alice, and `cell` runs the same instance and sends the
 *  TGI the same requests as `reference` (the same stream back, too). */
function assertSameAs(scope: Scope, [name, o]: [string, Observation], [refName, ref]: [string, Observation]): void {
  const where = `${name} / ${scope}`;
  assert.equal(o.instance.name, 'ai-proxy', where);
  assert.equal(o.instance.scope, EXPECTED_SCOPE[scope].scope, where);
  assert.equal(o.instance.level, EXPECTED_SCOPE[scope].level, where);
  assert.equal(o.instance.consumer, 'alice', where);
  assert.deepEqual(o.cliInstance, o.instance, `${where}: ai-gateway explain agrees with /explain`);
  assert.equal(o.generate.upstream.authorization, 'valid', `${where}: the TGI got Bearer <the token> on /generate`);
  assert.equal(o.stream.upstream.authorization, 'valid', `${where}: the TGI got Bearer <the token> on /generate_stream`);
  assert.deepEqual(o.instance, ref.instance, `${where} vs ${refName}: the same ai-proxy instance`);
  assert.deepEqual(o.generate.upstream, ref.generate.upstream, `${where} vs ${refName}: the same upstream /generate request`);
  assert.deepEqual(o.stream.upstream, ref.stream.upstream, `${where} vs ${refName}: the same upstream /generate_stream request`);
  assert.equal(o.stream.text, ref.stream.text, `${where} vs ${refName}: the same stream back to the client`);
}

/** The route scope's five cells (Ingress for KIC), kept for the HTTPRoute case. */
let routeCells: [string, Observation][] | undefined;

for (const scope of SCOPES) {
  test(`${scope}: the five systems run the same ai-proxy and send the TGI the same requests`, { skip, timeout: 180_000 }, async (t) => {
    const cells: [string, Observation][] = [];
    for (const system of SYSTEMS) cells.push([system, await observe(`${system} / ${scope}`, await BUILD[system](context(scope)), tgiUrl)]);
    const first = cells[0]!;
    for (const cell of cells) assertSameAs(scope, cell, first);
    if (scope === 'route') routeCells = cells;
    // Terraform and the seed's Konnect curl give the gateway the same ai-proxy config. One known
    // difference in form: the provider sends `"logging": null` as the official one does
    // (reference konnect.md 8.3); real Konnect fills that required record with Kong's defaults
    // (8.4), the mock keeps the null, and the gateway runs null as "both off" — the same as the
    // defaults the curl's omitted record gets. Compared as equal, and said as a diagnostic.
    if (terraformControlPlanes) {
      const [tf, kn] = [await gatewayConfig(terraformControlPlanes[scope]), await gatewayConfig(`matrix-konnect-${scope}`)];
      for (const key of Object.keys({ ...kn, ...tf })) {
        if (JSON.stringify(tf[key]) !== JSON.stringify(kn[key])) t.diagnostic(`${scope}: config.${key} from Terraform ${JSON.stringify(tf[key])}, from the Konnect curl ${JSON.stringify(kn[key])}`);
      }
      const loggingDefaults = { log_statistics: false, log_payloads: false };
      const withLogging = (c: Record<string, unknown>) => ({ ...c, logging: c.logging ?? loggingDefaults });
      assert.deepEqual(withLogging(tf), withLogging(kn), `${scope}: the gateway runs the same ai-proxy config from Terraform and from the Konnect curl`);
    }
    assert.equal(first[1].generate.upstream.url, '/generate');
    assert.equal(first[1].stream.upstream.url, '/generate_stream');
    assert.equal(first[1].generate.upstream.method, 'POST');
  });
}

test('route (HTTPRoute): KIC with the plugin annotated on a Gateway API HTTPRoute runs the same ai-proxy and sends the same requests as the five systems\' route scope', { skip, timeout: 60_000 }, async () => {
  assert.ok(routeCells, 'the route-scope cells were observed first (the route test above ran and passed)');
  const cell: [string, Observation] = ['kic (HTTPRoute)', await observe('kic (HTTPRoute) / route', await BUILD.kic({ ...context('route'), kicRoute: 'HTTPRoute' }), tgiUrl)];
  for (const ref of routeCells) assertSameAs('route', cell, ref);
});

test('the Terraform column: every write to its control planes came from terraform apply (no Konnect API call outside Terraform)', { skip }, async () => {
  assert.equal(terraformControlPlaneIds.length, SCOPES.length);
  const all = await mockRequests();
  const byTerraform = all.filter((r) => r.seq <= appliedUpTo && r.method !== 'GET');
  for (const kind of ['routes', 'plugins', 'consumers', 'key-auth', 'consumer_groups']) assert.ok(byTerraform.some((r) => r.path.includes(`/core-entities/`) && r.path.includes(kind)), `terraform created ${kind}`);
  const later = all.filter((r) => r.seq > appliedUpTo && r.method !== 'GET' && terraformControlPlaneIds.some((id) => r.path.includes(id)));
  assert.deepEqual(later.map((r) => `${r.method} ${r.path}`), []);
});
