// Data sources in the framework: schema served under data_source_schemas (and GetMetadata), config
// validated by the schema's validators and the data source's own rules, ReadDataSource answered
// with the configured values as written and the computed ones from read — checked by the
// CoreEmulator the way Terraform core checks a data source's answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributePath, SafeError } from '../common/index.js';
import { cty } from '../cty/index.js';
import { CoreEmulator } from './core-checks/index.js';
import { attr, FrameworkServer, validate, type AnyDataSource, type JsObject, type Provider } from './index.js';

interface Remote {
  items: { id: string; name: string; size: number; tags: string[] }[];
  reads: JsObject[];
  throwNext?: Error;
}

const T = 'fake_items';

const itemsDataSource: AnyDataSource<Remote> = {
  typeName: T,
  schema: () => ({
    description: 'Items.',
    attributes: {
      filter: attr.single(
        { name: attr.string({ optional: true, validators: [validate.lengthAtLeast(1)] }), min_size: attr.number({ optional: true }) },
        { optional: true },
      ),
      limit: attr.number({ optional: true, computed: true, validators: [validate.between(1, 100)] }),
      names: attr.list(cty.string, { computed: true }),
      data: attr.listNested({ id: attr.string({ computed: true }), size: attr.number({ computed: true }), tags: attr.set(cty.string, { computed: true }) }, { computed: true }),
      first: attr.single({ id: attr.string({ computed: true }) }, { computed: true }),
    },
  }),
  validateConfig(req) {
    const f = req.config.filter as JsObject | null;
    if (f && f.name === null && f.min_size === null) req.diagnostics.addError('Empty filter', 'Set filter.name or filter.min_size, or leave filter out.');
  },
  async read(req) {
    const r = req.providerData;
    r.reads.push(req.config);
    if (r.throwNext) {
      const e = r.throwNext;
      delete r.throwNext;
      throw e;
    }
    const f = (req.config.filter ?? {}) as JsObject;
    const hits = r.items.filter((i) => (f.name == null || i.name === f.name) && (f.min_size == null || i.size >= (f.min_size as number)));
    if (hits.length === 0) {
      req.diagnostics.addAttributeError(AttributePath.root.attr('filter'), 'No items match', 'No item matches filter; widen it.');
      return undefined;
    }
    // A result that also "answers" the inputs differently: the framework must keep the config's.
    return {
      filter: { name: 'something else', min_size: 0 },
      limit: 7,
      names: hits.map((i) => i.name),
      data: hits.map((i) => ({ id: i.id, size: i.size, tags: i.tags })),
      first: { id: hits[0]!.id },
    };
  },
};

function setup() {
  const remote: Remote = {
    items: [
      { id: 'i1', name: 'a', size: 1, tags: ['x'] },
      { id: 'i2', name: 'b', size: 5, tags: [] },
    ],
    reads: [],
  };
  const provider: Provider<Remote> = {
    typeName: 'fake',
    version: '1.0.0',
    schema: () => ({ attributes: {} }),
    configure: async () => remote,
    resources: () => [],
    dataSources: () => [itemsDataSource],
  };
  const server = new FrameworkServer(provider as Provider);
  return { remote, server, core: new CoreEmulator(server) };
}

test('GetProviderSchema serves the data source schema under data_source_schemas', async () => {
  const { server } = setup();
  const res = await server.getProviderSchema();
  const s = res.dataSourceSchemas?.[T];
  assert.ok(s, 'served');
  assert.equal(s.block.description, 'Items.');
  const names = (s.block.attributes ?? []).map((a) => `${a.name}:${a.optional ? 'O' : ''}${a.computed ? 'C' : ''}`);
  assert.deepEqual(names.sort(), ['data:C', 'filter:O', 'first:C', 'limit:OC', 'names:C']);
  assert.deepEqual(Object.keys(res.resourceSchemas ?? {}), []);
});

test('ReadDataSource: configured values as written, computed ones from read, wholly known', async () => {
  const { core, remote } = setup();
  assert.deepEqual(await core.configure({}), []);
  const { state, diagnostics } = await core.readData(T, { filter: { name: null, min_size: 2 } });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(state, {
    filter: { name: null, min_size: 2 },
    limit: 7,
    names: ['b'],
    data: [{ id: 'i2', size: 5, tags: [] }],
    first: { id: 'i2' },
  });
  assert.deepEqual(remote.reads, [{ filter: { name: null, min_size: 2 }, limit: null, names: null, data: null, first: null }], 'read saw the config, every attribute present');
  // An optional+computed input that is configured keeps the configured value, whatever read says.
  const again = await core.readData(T, { limit: 3 });
  assert.equal(again.state?.limit, 3);
  assert.deepEqual(again.state?.names, ['a', 'b']);
});

test('a read error is returned as the data source added it, with no state', async () => {
  const { core } = setup();
  await core.configure({});
  const { state, diagnostics } = await core.readData(T, { filter: { name: 'zzz', min_size: null } });
  assert.equal(state, null);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0]!.summary, 'No items match');
  assert.equal(diagnostics[0]!.path?.toString(), 'filter');
});

test('a throw in read becomes one diagnostic; a safe error keeps its message', async () => {
  const { core, remote } = setup();
  await core.configure({});
  remote.throwNext = new Error('token kpat_secret in a stack');
  const bug = await core.readData(T, {});
  assert.equal(bug.state, null);
  assert.equal(bug.diagnostics.length, 1);
  assert.ok(!bug.diagnostics[0]!.detail.includes('kpat_secret'), 'an unexpected error message is never shown');
  remote.throwNext = new SafeError('the remote is unreachable');
  const safe = await core.readData(T, {});
  assert.match(safe.diagnostics[0]!.detail, /the remote is unreachable/);
});

test('ValidateDataResourceConfig: schema validators at depth and the data source rules, each naming the attribute', async () => {
  const { core } = setup();
  assert.deepEqual(await core.validateData(T, { filter: { name: 'a', min_size: null } }), []);
  const bad = await core.validateData(T, { filter: { name: '', min_size: null }, limit: 500 });
  const paths = bad.map((d) => d.path?.toString()).sort();
  assert.deepEqual(paths, ['filter.name', 'limit']);
  assert.ok(bad.every((d) => d.severity === 'error'));
  const empty = await core.validateData(T, { filter: { name: null, min_size: null } });
  assert.deepEqual(empty.map((d) => d.summary), ['Empty filter']);
});

test('an unknown data source type is an error naming it', async () => {
  const { server } = setup();
  const res = await server.readDataSource({ typeName: 'fake_nope', config: {}, providerMeta: {}, clientCapabilities: { deferralAllowed: false, writeOnlyAttributesAllowed: true } }, { signal: new AbortController().signal });
  const d = [...(res.diagnostics ?? [])];
  assert.equal(d.length, 1);
  assert.match(d[0]!.detail, /no data source type "fake_nope"/);
  assert.equal(res.state, undefined);
});

test('a provider registering one data source type twice is a programming error', () => {
  const provider: Provider = {
    typeName: 'fake',
    version: '1',
    schema: () => ({ attributes: {} }),
    configure: async () => ({}),
    resources: () => [],
    dataSources: () => [itemsDataSource as AnyDataSource, itemsDataSource as AnyDataSource],
  };
  assert.throws(() => new FrameworkServer(provider), /data source type fake_items is registered twice/);
});
