import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, Diagnostics, SafeError } from '../../common/index.js';
import type { UnaryHandler } from '../grpc/server.js';
import type { ProviderServer } from '../types/index.js';
import { providerService } from './provider-service.js';

const secret = 'kpat_ThrownSecret987';

function harness(server: Partial<ProviderServer>) {
  const lines: string[] = [];
  let stopped = 0;
  const stop = new AbortController();
  const impl = providerService({
    server: async () => server as ProviderServer,
    log: createLogger({ level: 'trace', write: (l) => lines.push(l) }),
    stopSignal: () => stop.signal,
    onStop: () => {
      stopped++;
      stop.abort();
    },
  });
  const call = async (method: string, request: Record<string, unknown> = {}) =>
    (await (impl[method] as UnaryHandler)({ request, signal: new AbortController().signal })) as Record<string, unknown>;
  return { call, lines, stopped: () => stopped };
}

const base: Partial<ProviderServer> = {
  getProviderSchema: async () => ({ resourceSchemas: { konnect_x: { version: 0, block: {} } }, serverCapabilities: { getProviderSchemaOptional: true } }),
  validateProviderConfig: async () => ({}),
  configureProvider: async () => ({}),
  stopProvider: async () => ({}),
};

test('a throw becomes one error diagnostic without the message (which may hold secrets), and is logged without it', async () => {
  const h = harness({
    ...base,
    configureProvider: async () => {
      throw new TypeError(`cannot use ${secret}`);
    },
  });
  const res = await h.call('ConfigureProvider', { terraform_version: '1.11.4', config: { msgpack: Buffer.alloc(0) } });
  const diags = res.diagnostics as { severity: string; summary: string; detail: string }[];
  assert.equal(diags.length, 1);
  assert.equal(diags[0]!.severity, 'ERROR');
  assert.equal(diags[0]!.summary, 'Internal error in the provider');
  const id = /ConfigureProvider \(TypeError, error id ([0-9a-f]{12})\)/.exec(diags[0]!.detail)?.[1];
  assert.ok(id, diags[0]!.detail);
  assert.ok(!JSON.stringify(res).includes(secret));
  assert.ok(h.lines.some((l) => l.includes('"error_type":"TypeError"') && l.includes(`"error_id":"${id}"`)), 'logged with the same id');
  assert.ok(!h.lines.join('').includes(secret));
  assert.ok(!h.lines.join('').includes('cannot use'), 'no part of the message');
});

test('a safe error (SafeError, e.g. KonnectError) is shown with its message, as in the framework', async () => {
  const h = harness({
    ...base,
    configureProvider: async () => {
      throw new (class extends SafeError {})('Konnect is unreachable at http://127.0.0.1:9');
    },
  });
  const res = await h.call('ConfigureProvider', { terraform_version: '1.11.4', config: { msgpack: Buffer.alloc(0) } });
  const diags = res.diagnostics as { summary: string; detail: string }[];
  assert.deepEqual(diags.map((d) => [d.summary, d.detail]), [['ConfigureProvider failed', 'Konnect is unreachable at http://127.0.0.1:9']]);
});

test('diagnostics carry severity and attribute paths through', async () => {
  const { AttributePath } = await import('../../common/index.js');
  const h = harness({
    ...base,
    validateProviderConfig: async () => ({
      diagnostics: new Diagnostics().addAttributeWarning(AttributePath.of('server_url'), 'W', 'w').addError('E', 'e'),
    }),
  });
  const res = await h.call('ValidateProviderConfig', { config: {} });
  assert.deepEqual(res.diagnostics, [
    { severity: 'WARNING', summary: 'W', detail: 'w', attribute: { steps: [{ attribute_name: 'server_url' }] } },
    { severity: 'ERROR', summary: 'E', detail: 'e' },
  ]);
});

test('missing optional methods: GetMetadata derives from the schema; resource RPCs name what is missing', async () => {
  const h = harness(base);
  const meta = await h.call('GetMetadata');
  assert.deepEqual(meta.resources, [{ type_name: 'konnect_x' }]);
  assert.deepEqual(meta.server_capabilities, { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false });
  for (const rpc of ['ReadResource', 'PlanResourceChange', 'ApplyResourceChange', 'ImportResourceState', 'UpgradeResourceState', 'ValidateResourceConfig']) {
    const res = await h.call(rpc, { type_name: 'konnect_x' });
    const [d] = res.diagnostics as { severity: string; detail: string }[];
    assert.equal(d?.severity, 'ERROR', rpc);
    assert.match(d!.detail, new RegExp(`${rpc} for "konnect_x"`));
  }
  const ds = await h.call('ReadDataSource', { type_name: 'konnect_y' });
  assert.match((ds.diagnostics as { summary: string }[])[0]!.summary, /Data source not supported/);
  const eph = await h.call('ValidateEphemeralResourceConfig', { type_name: 'konnect_e' });
  assert.equal((eph.diagnostics as { severity: string }[])[0]!.severity, 'ERROR');
  assert.deepEqual((await h.call('GetFunctions')).functions, {});
});

test('StopProvider aborts in-flight work first, then asks the implementation; a throw becomes its Error text', async () => {
  const h = harness({
    ...base,
    stopProvider: async () => {
      throw new Error(secret);
    },
  });
  const res = await h.call('StopProvider');
  assert.equal(h.stopped(), 1);
  assert.equal(res.Error, 'Internal error in the provider');
});

test('requests are converted to plain types: DynamicValue raw, capabilities, private bytes', async () => {
  let seen: unknown;
  const h = harness({
    ...base,
    planResourceChange: async (req) => {
      seen = req;
      return { plannedState: { msgpack: Buffer.from([0xc0]) }, requiresReplace: [] };
    },
  });
  const res = await h.call('PlanResourceChange', {
    type_name: 'konnect_x',
    prior_state: { msgpack: Buffer.alloc(0), json: Buffer.alloc(0) },
    proposed_new_state: { msgpack: Buffer.from([0x80]), json: Buffer.alloc(0) },
    config: { msgpack: Buffer.from([0x80]) },
    prior_private: Buffer.from('p'),
    client_capabilities: { deferral_allowed: true, write_only_attributes_allowed: false },
  });
  assert.deepEqual(seen, {
    typeName: 'konnect_x',
    priorState: {},
    proposedNewState: { msgpack: Buffer.from([0x80]) },
    config: { msgpack: Buffer.from([0x80]) },
    priorPrivate: Buffer.from('p'),
    providerMeta: {},
    clientCapabilities: { deferralAllowed: true, writeOnlyAttributesAllowed: false },
  });
  assert.deepEqual((res.planned_state as { msgpack: Buffer }).msgpack, Buffer.from([0xc0]));
});

test('GetProviderSchema with precomputed bytes: answered with them, without waiting for (or asking) the implementation', async () => {
  const bytes = Buffer.from([0x0a, 0x00]);
  let built = 0;
  const impl = providerService({
    server: () => new Promise<ProviderServer>(() => undefined), // never loads
    log: createLogger({ level: 'off', write: () => undefined }),
    stopSignal: () => new AbortController().signal,
    onStop: () => undefined,
    precomputed: {
      GetProviderSchema: () => {
        built++;
        return bytes;
      },
    },
  });
  const call = () => (impl.GetProviderSchema as UnaryHandler)({ request: {}, signal: new AbortController().signal });
  assert.equal(await call(), bytes);
  assert.equal(await call(), bytes);
  assert.equal(built, 1, 'decoded once per process');
});
