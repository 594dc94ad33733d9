// Create, safe to repeat (issue 12, item 13), for every resource against an in-process mock
// Konnect through the framework's core emulator: an object that already holds the unique key
// (name; consumer username or custom_id; plugin scope) and matches the configuration is taken
// into state with one warning, and the plan after it is empty; one that differs gives exactly one
// error naming the differing fields (never their values) and the import block with its ids.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { valueEquals } from '../../cty/index.js';
import { CoreEmulator } from '../../framework/core-checks/index.js';
import type { JsObject } from '../../framework/index.js';
import { parseErrorBody } from '../../konnect/error-body.js';
import { DEFAULT_DEV_TOKEN, type MockKonnect } from '../../mock-konnect/index.js';
import { KonnectProvider } from '../provider.js';
import { differingFields } from './adopt-existing.js';
import { konnectApi, startMockKonnect } from '../mock-konnect.test-helper.js';

let mock: MockKonnect;
let base: string;
let cp: string;

const api = konnectApi(() => base);

before(async () => {
  ({ mock, base } = await startMockKonnect());
  cp = (await api('POST', '/v2/control-planes', { name: 'adopt' })).body.id;
});
after(async () => {
  await mock.close();
});

async function emulator() {
  const server = new KonnectProvider({ env: {}, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 } });
  const core = new CoreEmulator(server);
  assert.deepEqual(await core.configure({ server_url: base, personal_access_token: DEFAULT_DEV_TOKEN }), []);
  return core;
}

const SECRET = 'Bearer hf_adopt_secret_value_0123';

interface Case {
  readonly type: string;
  readonly collection: string;
  /** The unique key the conflict is on. */
  readonly key: string;
  /** The object as it exists in Konnect (made behind Terraform's back). */
  readonly existing: (svc: string) => JsObject;
  /** The resource configuration holding the same unique key. */
  readonly config: (svc: string) => JsObject;
  /** A change to the configuration that makes it differ, and the fields the error must name. */
  readonly differ: JsObject;
  readonly fields: string;
}

const cases: Case[] = [
  {
    type: 'konnect_gateway_service',
    collection: 'services',
    key: 'name',
    existing: () => ({ name: 'svc-a', host: 'a.example.com', port: 443, protocol: 'https' }),
    config: () => ({ name: 'svc-a', host: 'a.example.com', port: 443, protocol: 'https' }),
    differ: { host: 'b.example.com', read_timeout: 1000 },
    fields: 'host, read_timeout',
  },
  {
    type: 'konnect_gateway_route',
    collection: 'routes',
    key: 'name',
    existing: () => ({ name: 'route-a', paths: ['/a', '/b'], methods: ['POST'] }),
    config: () => ({ name: 'route-a', paths: ['/a', '/b'], methods: ['POST'] }),
    differ: { paths: ['/c'] },
    fields: 'paths',
  },
  {
    type: 'konnect_gateway_consumer',
    collection: 'consumers',
    key: 'username',
    existing: () => ({ username: 'bob', custom_id: 'bob-1', tags: ['x'] }),
    config: () => ({ username: 'bob', custom_id: 'bob-1', tags: ['x'] }),
    differ: { tags: ['y'] },
    fields: 'tags',
  },
  {
    type: 'konnect_gateway_consumer',
    collection: 'consumers',
    key: 'custom_id',
    existing: () => ({ custom_id: 'only-custom' }),
    config: () => ({ custom_id: 'only-custom' }),
    differ: { tags: ['z'] },
    fields: 'tags',
  },
  {
    type: 'konnect_gateway_consumer_group',
    collection: 'consumer_groups',
    key: 'name',
    existing: () => ({ name: 'gold' }),
    config: () => ({ name: 'gold' }),
    differ: { tags: ['tier'] },
    fields: 'tags',
  },
  {
    type: 'konnect_gateway_plugin_ai_proxy',
    collection: 'plugins',
    key: 'scope',
    existing: (svc) => ({
      name: 'ai-proxy',
      service: { id: svc },
      config: { route_type: 'llm/v1/chat', auth: { header_name: 'Authorization', header_value: SECRET }, model: { provider: 'huggingface', name: 'm1' } },
    }),
    config: (svc) => ({
      service: { id: svc },
      config: { route_type: 'llm/v1/chat', auth: { header_name: 'Authorization', header_value: SECRET }, model: { provider: 'huggingface', name: 'm1' } },
    }),
    differ: {
      config: { route_type: 'llm/v1/chat', auth: { header_name: 'Authorization', header_value: 'Bearer other' }, model: { provider: 'huggingface', name: 'm2' } },
    },
    fields: 'config.auth.header_value, config.model.name',
  },
];

describe('create meets an object holding its unique key', () => {
  for (const c of cases) {
    const label = `${c.type} (same ${c.key})`;
    test(`${label}: the same configuration is taken into state with a warning; a different one gives one error with the import block`, async () => {
      const core = await emulator();
      const T = c.type;
      const svc = (await api('POST', `/v2/control-planes/${cp}/core-entities/services`, { name: `for-${c.collection}-${Math.random().toString(36).slice(2, 8)}`, host: 'h.example.com' })).body.id;
      const made = await api('POST', `/v2/control-planes/${cp}/core-entities/${c.collection}`, c.existing(svc));
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const existingId = made.body.id as string;
      const cfg = { control_plane_id: cp, ...c.config(svc) };

      const a = await core.apply(T, null, core.configValue(T, cfg));
      assert.deepEqual(a.diagnostics.map((d) => d.severity), ['warning'], JSON.stringify(a.diagnostics));
      assert.match(a.diagnostics[0]!.summary, new RegExp(`^${T} with .* already existed in Konnect; taken into state$`));
      assert.match(a.diagnostics[0]!.detail, /with the same configuration \(an earlier apply was probably interrupted/);
      assert.equal(core.js(T, a.state)!.id, existingId, 'the existing object is in state');
      const refreshed = await core.refresh(T, a.state);
      const plan = await core.plan(T, refreshed.state, core.configValue(T, cfg));
      assert.deepEqual(plan.diagnostics, []);
      assert.ok(valueEquals(plan.planned, refreshed.state, core.server.state.resources.get(T)!.schema.root.type), `${T}: the plan after adoption is empty`);
      const all = (await api('GET', `/v2/control-planes/${cp}/core-entities/${c.collection}?size=1000`)).body.data as any[];
      assert.equal(all.filter((o) => o.id === existingId).length, 1);

      // Another configuration (the first object is still there and now differs).
      const other = await core.apply(T, null, core.configValue(T, { ...cfg, ...c.differ }));
      assert.equal(other.diagnostics.length, 1, JSON.stringify(other.diagnostics));
      const d = other.diagnostics[0]!;
      assert.equal(d.severity, 'error');
      assert.equal(d.summary, `Already exists in Konnect (create ${T})`);
      assert.match(d.detail, new RegExp(`differs from this resource's configuration in: ${c.fields}\\.`));
      assert.ok(
        d.detail.includes(`\n  id = jsonencode({ control_plane_id = "${cp}", id = "${existingId}" })\n}`),
        `the import block has the ids:\n${d.detail}`,
      );
      assert.match(d.detail, new RegExp(`import \\{\\n  to = ${T}\\.example `));
      assert.ok(!d.detail.includes(SECRET) && !d.detail.includes('Bearer other'), 'values are never shown');
    });
  }

  test('a plugin instance_name held by a plugin of another scope: one error, naming the scope as the difference', async () => {
    const core = await emulator();
    const svc = (await api('POST', `/v2/control-planes/${cp}/core-entities/services`, { name: 'inst-svc', host: 'h.example.com' })).body.id;
    const model = { route_type: 'llm/v1/chat', model: { provider: 'huggingface', name: 'm' } };
    assert.equal((await api('POST', `/v2/control-planes/${cp}/core-entities/plugins`, { name: 'ai-proxy', instance_name: 'taken', config: model })).status, 201);
    const T = 'konnect_gateway_plugin_ai_proxy';
    const r = await core.apply(T, null, core.configValue(T, { control_plane_id: cp, instance_name: 'taken', service: { id: svc }, config: model }));
    assert.equal(r.diagnostics.filter((d) => d.severity === 'error').length, 1, JSON.stringify(r.diagnostics));
    assert.match(r.diagnostics[0]!.summary, /Already exists in Konnect/);
    assert.match(r.diagnostics[0]!.detail, /differs from this resource's configuration in: service\./);
  });
});

test('differingFields: only the values the create body sets; [] and null alike; lists without order; nested paths', () => {
  const wanted = { id: 'x', name: 'n', host: 'h', path: null, tags: [], protocols: ['http', 'https'], config: { a: 1, b: { c: 'd', e: null } } };
  assert.deepEqual(differingFields(wanted, { id: 'y', name: 'n', host: 'h', path: '/x', tags: null, protocols: ['https', 'http'], config: { a: 1, b: { c: 'd', e: 5 }, z: 1 }, created_at: 1 }), []);
  assert.deepEqual(differingFields(wanted, { name: 'n', host: 'H', tags: ['t'], protocols: ['http'], config: { a: 2, b: null } }), ['host', 'tags', 'protocols', 'config.a', 'config.b']);
});

test("Kong's unique-violation body names the field once (its `fields` tree holds values, not messages)", () => {
  const body = {
    code: 3,
    message: 'data constraint error',
    details: [{ '@type': 'type.googleapis.com/kong.admin.model.v1.ErrorDetail', type: 'ERROR_TYPE_REFERENCE', field: 'name', messages: ['name (type: unique) constraint failed'] }],
    name: 'unique constraint violation',
    fields: { name: 'svc-a' },
  };
  const parsed = parseErrorBody(JSON.stringify(body))!;
  assert.deepEqual(parsed.invalidParameters, [{ field: 'name', reason: 'name (type: unique) constraint failed' }]);
  assert.equal(parsed.uniqueViolation, true);
});
