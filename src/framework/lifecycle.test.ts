import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, SafeError } from '../common/index.js';
import { isUnknown, Unknown, valueEquals, type CtyValue } from '../cty/index.js';
import { assertObjectCompatible, assertPlanValid, CoreEmulator, CoreViolation } from './core-checks/index.js';
import { fakeServer } from './fake-provider.test-helper.js';
import { compileSchema, attr, toTfpluginSchema, type JsObject } from './index.js';

const T = 'fake_thing';

async function setup(caps = {}) {
  const { server, remote } = fakeServer();
  const core = new CoreEmulator(server, caps);
  assert.deepEqual(await core.configure({}), []);
  return { server, remote, core };
}

function js(core: CoreEmulator, v: CtyValue): Record<string, unknown> {
  return core.js(T, v) as Record<string, unknown>;
}

test('create: defaults planned, computed unknown, write-only planned null; apply is consistent and keeps the token out of state', async () => {
  const { core, remote } = await setup();
  const config = core.configValue(T, { name: 'alpha', token_wo: 'sekret-wo', token_wo_version: 1, auth: { header_name: 'Authorization', header_value: 'Bearer x' } });
  const { state, plan } = await core.apply(T, null, config);
  const p = js(core, plan.planned);
  assert.ok(isUnknown(p.id) && isUnknown(p.updated_at) && isUnknown(p.endpoints) && isUnknown(p.labels));
  assert.equal(p.port, 80);
  assert.deepEqual([...(p.protocols as string[])].sort(), ['http', 'https']);
  assert.deepEqual(p.auth, { header_name: 'Authorization', header_value: 'Bearer x', allow_override: false }, 'a default inside a configured nested object');
  assert.equal(p.token_wo, null, 'write-only planned null');
  assert.equal(p.tags, null);
  const s = js(core, state);
  assert.equal(s.id, 't1');
  assert.equal(s.token_wo, null);
  assert.deepEqual(s.endpoints, { control: 'https://t1.cp.example' });
  assert.deepEqual(remote.tokens, ['sekret-wo'], 'create saw the write-only value from config');
  assert.ok(!JSON.stringify(s).includes('sekret-wo'));
});

test('no change: the re-plan equals the prior state (no unknowns), even though the API reordered the set', async () => {
  const { core } = await setup();
  const config = core.configValue(T, { name: 'alpha', protocols: ['https', 'grpc'], proxy_urls: [{ host: 'a', port: 1 }, { host: 'b', port: 2 }] });
  const { state } = await core.apply(T, null, config);
  const { state: refreshed } = await core.refresh(T, state);
  const plan = await core.plan(T, refreshed, config);
  assert.ok(valueEquals(plan.planned, refreshed, core.server.state.resources.get(T)!.schema.root.type), 'empty plan');
  assert.deepEqual(plan.requiresReplace, []);
});

test('update: configured values planned, computed ones unknown unless useStateForUnknown, optional+computed kept', async () => {
  const { core, remote } = await setup();
  const first = await core.apply(T, null, core.configValue(T, { name: 'alpha', labels: { env: 'dev' } }));
  const second = await core.apply(T, first.state, core.configValue(T, { name: 'beta' }));
  const p = js(core, second.plan.planned);
  assert.equal(p.id, 't1', 'useStateForUnknown keeps the id');
  assert.ok(isUnknown(p.updated_at), 'updated_at will change');
  assert.ok(isUnknown(p.labels), 'optional+computed without config or default may change: unknown (framework semantics)');
  assert.deepEqual(js(core, second.state).labels, { env: 'dev' });
  assert.equal(second.replaced, false);
  assert.deepEqual(remote.calls.filter((c) => c !== 'read'), ['create', 'update']);
  assert.equal(js(core, second.state).updated_at, 1002);
});

test('requiresReplaceIfConfigured: a configured change replaces; unset stays in place; unknown config replaces', async () => {
  const { core, remote } = await setup();
  const a = await core.apply(T, null, core.configValue(T, { name: 'alpha', region: 'eu' }));
  const b = await core.apply(T, a.state, core.configValue(T, { name: 'alpha', region: 'us' }));
  assert.equal(b.replaced, true);
  assert.deepEqual(b.plan.requiresReplace.map(String), ['region']);
  assert.equal(js(core, b.state).id, 't2');
  assert.deepEqual(remote.calls.filter((c) => c !== 'read'), ['create', 'delete', 'create']);

  const c = await core.plan(T, b.state, core.configValue(T, { name: 'alpha' }));
  assert.deepEqual(c.requiresReplace, [], 'removing region from config does not replace');

  const d = await core.plan(T, b.state, core.configValue(T, { name: 'alpha', region: Unknown.plain }));
  assert.deepEqual(d.requiresReplace.map(String), ['region']);
  assert.ok(isUnknown(js(core, d.planned).region));
});

test('nulls vs empty collections: [] stays [], null stays null', async () => {
  const { core } = await setup();
  const a = await core.apply(T, null, core.configValue(T, { name: 'alpha', tags: [], rules: [] }));
  const s = js(core, a.state);
  assert.deepEqual(s.tags, []);
  assert.deepEqual(s.rules, []);
  const b = await core.apply(T, a.state, core.configValue(T, { name: 'alpha' }));
  assert.equal(js(core, b.state).tags, null);
});

test('nested list with defaults inside, set of nested objects, nested null default object', async () => {
  const { core } = await setup();
  const cfg = core.configValue(T, { name: 'alpha', rules: [{ path: '/a' }, { path: '/b', weight: 5 }], proxy_urls: [{ host: 'h', port: 443 }] });
  const a = await core.apply(T, null, cfg);
  const s = js(core, a.state);
  assert.deepEqual(s.rules, [{ path: '/a', weight: 1 }, { path: '/b', weight: 5 }]);
  assert.equal(s.auth, null, 'an omitted nested object with a null default is planned null, not unknown');
  const again = await core.plan(T, a.state, cfg);
  assert.ok(!isUnknown(js(core, again.planned).updated_at), 'no change: nothing unknown');
});

test('read returning null removes the resource; import fills state through read; a bad id says what is expected', async () => {
  const { core, remote } = await setup();
  const a = await core.apply(T, null, core.configValue(T, { name: 'alpha' }));
  const imported = await core.import(T, 't1');
  assert.equal(js(core, imported.state).name, 'alpha');
  const bad = await core.import(T, 'nope');
  assert.match(bad.diagnostics[0]!.detail, /Expected an id like "t1"/);
  remote.objects.clear();
  const gone = await core.refresh(T, a.state);
  assert.equal(gone.state, null);
});

test('a thrown error: a plain one is an internal error with an id and no message, logged without it; a safe one is shown; the prior state is kept', async () => {
  const SECRET = 'kpat_Thrown_Secret_0123456789';
  const lines: string[] = [];
  const { server, remote } = fakeServer(undefined, createLogger({ level: 'trace', write: (l) => void lines.push(l) }));
  const core = new CoreEmulator(server);
  assert.deepEqual(await core.configure({}), []);
  remote.failNext = new TypeError(`cannot send Authorization: Bearer ${SECRET}`);
  const out = await core.apply(T, null, core.configValue(T, { name: 'alpha' }));
  assert.equal(out.diagnostics.length, 1);
  const d = out.diagnostics[0]!;
  assert.equal(d.severity, 'error');
  assert.equal(d.summary, 'Internal error in the provider');
  const id = /error id ([0-9a-f]{12})/.exec(d.detail)?.[1];
  assert.ok(id, `a correlation id in: ${d.detail}`);
  assert.match(d.detail, /ApplyResourceChange for fake_thing \(TypeError, error id/);
  assert.equal(out.state, null);
  const logged = lines.find((l) => l.includes(`"error_id":"${id}"`));
  assert.ok(logged, 'the log line carries the same id');
  assert.match(logged!, /"@level":"error"/);
  assert.match(logged!, /"error_type":"TypeError"/);
  assert.match(logged!, /"stack":\["at /, 'the stack\'s code locations');
  assert.ok(!JSON.stringify(out).includes(SECRET) && !lines.join('\n').includes(SECRET), 'the message is nowhere');
  assert.ok(!lines.join('\n').includes('cannot send Authorization'), 'not even the part before the secret');

  class RemoteSaid extends SafeError {}
  remote.failNext = new RemoteSaid('the remote API is read-only today');
  const safe = await core.apply(T, null, core.configValue(T, { name: 'beta' }));
  assert.deepEqual(safe.diagnostics.map((x) => [x.summary, x.detail]), [['ApplyResourceChange failed for fake_thing', 'the remote API is read-only today']]);
  assert.ok(lines.some((l) => l.includes('"error":"the remote API is read-only today"')), 'a safe message is logged');
});

test('validation: validators with attribute paths at any depth; write-only refused before Terraform 1.11; resource checks', async () => {
  const { core } = await setup();
  const d = await core.validate(T, { name: 'x', port: 70000, auth: { header_value: 'Bearer var.token' } });
  const byPath = Object.fromEntries(d.map((x) => [x.path?.toString() ?? '', x]));
  assert.match(byPath.name!.detail, /name must be 2 to 20 characters long/);
  assert.match(byPath.port!.detail, /between 1 and 65535/);
  assert.ok(d.some((x) => x.severity === 'warning' && /var\./.test(x.summary)));
  assert.deepEqual(await core.validate(T, { name: 'ok', port: Unknown.plain }), [], 'unknown values are not validated');

  const old = await setup({ writeOnlyAttributesAllowed: false });
  const w = await old.core.validate(T, { name: 'ok', token_wo: 's' });
  assert.equal(w[0]?.path?.toString(), 'token_wo');
  assert.match(w[0]!.detail, /Terraform 1\.11/);
});

test('the core checks catch violations (they can fail)', () => {
  const schema = compileSchema({
    attributes: {
      name: attr.string({ required: true }),
      note: attr.string({ optional: true }),
      id: attr.string({ computed: true }),
      wo: attr.string({ optional: true, writeOnly: true }),
    },
  });
  const config = { name: 'a', note: null, id: null, wo: 'x' };
  assert.deepEqual(assertPlanValid(schema, null, config, { name: 'a', note: null, id: Unknown.plain, wo: null }), []);
  assert.match(assertPlanValid(schema, null, config, { name: 'b', note: null, id: null, wo: null })[0]!, /name: planned value "b" does not match config value "a"/);
  assert.match(assertPlanValid(schema, null, config, { name: 'a', note: 'n', id: null, wo: null })[0]!, /note: planned value "n" for a non-computed attribute/);
  assert.match(assertPlanValid(schema, null, config, { name: 'a', note: null, id: null, wo: 'x' })[0]!, /wo: planned value for write-only attribute is not null/);
  assert.match(assertObjectCompatible(schema, { name: 'a', note: null, id: Unknown.plain, wo: null }, { name: 'z', note: null, id: 'i', wo: null })[0]!, /name: was "a", but now "z"/);
  assert.match(assertObjectCompatible(schema, { name: 'a', note: null, id: Unknown.plain, wo: null }, { name: 'a', note: null, id: Unknown.plain, wo: null })[0]!, /unknown/);
});

test('a resource whose modifyPlan breaks the rules is caught by the emulator', async () => {
  const { server, core } = await setup();
  const entry = server.state.resources.get(T)!;
  (entry.resource as { modifyPlan?: (r: { plan: JsObject }) => Promise<void> }).modifyPlan = async (req) => {
    req.plan = { ...req.plan, name: 'rewritten' };
  };
  await assert.rejects(core.plan(T, null, core.configValue(T, { name: 'alpha' })), (e: unknown) => e instanceof CoreViolation && /name: planned value "rewritten"/.test(e.message));
});

test('schema → tfplugin schema: nested attributes, flags, sorted names; bad schemas are refused', () => {
  const { server } = fakeServer();
  const s = toTfpluginSchema(server.state.resources.get(T)!.schema);
  assert.equal(s.version, 1);
  const names = s.block.attributes!.map((a) => a.name);
  assert.deepEqual(names, [...names].sort());
  const auth = s.block.attributes!.find((a) => a.name === 'auth')!;
  assert.equal(auth.nestedType?.nesting, 'SINGLE');
  assert.equal(auth.nestedType?.attributes.find((a) => a.name === 'header_value')?.sensitive, true);
  assert.equal(s.block.attributes!.find((a) => a.name === 'token_wo')?.writeOnly, true);
  assert.equal(s.block.attributes!.find((a) => a.name === 'proxy_urls')?.nestedType?.nesting, 'SET');
  assert.throws(() => compileSchema({ attributes: { x: attr.string({ optional: true, default: 'a' }) } }), /must also be computed/);
  assert.throws(() => compileSchema({ attributes: { X: attr.string({ optional: true }) } }), /name Terraform rejects/);
  assert.throws(() => compileSchema({ attributes: { x: attr.string({}) } }), /required, optional or computed/);
});

test('trace logging of plans and states never shows sensitive or write-only values', async () => {
  const lines: string[] = [];
  const log = createLogger({ level: 'trace', write: (l) => lines.push(l) });
  const { server } = fakeServer(undefined, log);
  const core = new CoreEmulator(server);
  await core.configure({});
  await core.apply(T, null, core.configValue(T, { name: 'alpha', token_wo: 'TOPSECRET-WO', auth: { header_name: 'h', header_value: 'TOPSECRET-HV' } }));
  const all = lines.join('\n');
  assert.ok(lines.some((l) => l.includes('PlanResourceChange planned')), 'plans are logged at trace');
  assert.ok(!all.includes('TOPSECRET'), 'no secret in any log line');
  assert.ok(all.includes('(sensitive)'));
});

test('UpgradeResourceState: stored JSON decodes against the schema (dropped attributes ignored); a newer version is refused', async () => {
  const { server, core } = await setup();
  const raw = { id: 't9', name: 'alpha', port: 8080, gone_attribute: 'x', token_wo: null };
  const res = await server.upgradeResourceState({ typeName: T, version: 1, rawState: { json: Buffer.from(JSON.stringify(raw)) } });
  assert.deepEqual([...(res.diagnostics ?? [])], []);
  const { decodeDynamic } = await import('./server/codec.js');
  const { Diagnostics } = await import('../common/index.js');
  const v = decodeDynamic(res.upgradedState, server.state.resources.get(T)!.schema.root.type, 'x', new Diagnostics());
  const s = js(core, v!);
  assert.equal(s.id, 't9');
  assert.equal(s.port, 8080);
  assert.equal(s.tags, null, 'attributes missing from stored state are null');
  const newer = await server.upgradeResourceState({ typeName: T, version: 7, rawState: { json: Buffer.from('{}') } });
  assert.match([...(newer.diagnostics ?? [])][0]!.detail, /version 7.*Upgrade the provider/);
});
