import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plugin } from '../../schemas/entities.js';
import { compilePluginIndex, type RequestScope } from './precedence.js';

// Kong's documented order, written out independently of the implementation's table:
// each entry is the set of refs an instance carries (c = consumer, g = consumer group,
// r = route, s = service).
const KONG_ORDER = ['crs', 'grs', 'cr', 'cs', 'gr', 'gs', 'rs', 'c', 'g', 'r', 's', ''] as const;

const ROUTE = 'route-1';
const SERVICE = 'service-1';
const OTHER_SERVICE = 'service-2';
const CONSUMER = 'consumer-1';
const GROUP = 'group-b';

function plugin(id: string, refs: string, over: Partial<Plugin> = {}, ids: Partial<Record<'c' | 'g' | 'r' | 's', string>> = {}): Plugin {
  return {
    id,
    name: 'ai-proxy',
    instance_name: null,
    config: {},
    enabled: true,
    protocols: ['http', 'https'],
    consumer: refs.includes('c') ? { id: ids.c ?? CONSUMER } : null,
    consumer_group: refs.includes('g') ? { id: ids.g ?? GROUP } : null,
    route: refs.includes('r') ? { id: ids.r ?? ROUTE } : null,
    service: refs.includes('s') ? { id: ids.s ?? SERVICE } : null,
    tags: null,
    ordering: null,
    partials: null,
    created_at: 0,
    updated_at: 0,
    ...over,
  };
}

function index(plugins: Plugin[]) {
  return compilePluginIndex({
    plugins,
    consumerGroups: [
      { id: 'group-a', name: 'alpha', tags: null, created_at: 0, updated_at: 0 },
      { id: GROUP, name: 'beta', tags: null, created_at: 0, updated_at: 0 },
    ],
    routes: [],
    services: [],
    consumers: [],
  });
}

// The kinds of request: which refs an instance may carry and still apply.
const REQUESTS: { name: string; scope: RequestScope; applies: (refs: string) => boolean }[] = [
  {
    name: 'consumer in the group, on the route of the service',
    scope: { routeId: ROUTE, serviceId: SERVICE, consumerId: CONSUMER, consumerGroupIds: [GROUP] },
    applies: () => true,
  },
  {
    name: 'consumer in no group',
    scope: { routeId: ROUTE, serviceId: SERVICE, consumerId: CONSUMER, consumerGroupIds: [] },
    applies: (refs) => !refs.includes('g'),
  },
  {
    name: 'no consumer identified',
    scope: { routeId: ROUTE, serviceId: SERVICE, consumerId: null, consumerGroupIds: [] },
    applies: (refs) => !refs.includes('g') && !refs.includes('c'),
  },
  {
    name: 'a route of another service',
    scope: { routeId: 'route-2', serviceId: OTHER_SERVICE, consumerId: CONSUMER, consumerGroupIds: [GROUP] },
    applies: (refs) => !refs.includes('r') && !refs.includes('s'),
  },
  {
    name: 'a route with no service',
    scope: { routeId: ROUTE, serviceId: null, consumerId: CONSUMER, consumerGroupIds: [GROUP] },
    applies: (refs) => !refs.includes('s'),
  },
];

test('every combination of the 12 scopes resolves to the highest-ranked applicable instance', () => {
  let checked = 0;
  for (let mask = 1; mask < 1 << KONG_ORDER.length; mask++) {
    const installed = KONG_ORDER.filter((_, i) => mask & (1 << i));
    // decoys scoped to things the request never has must never win
    const plugins = [
      ...installed.map((refs) => plugin(`p-${refs || 'global'}`, refs)),
      plugin('decoy-consumer', 'c', {}, { c: 'consumer-x' }),
      plugin('decoy-route', 'r', {}, { r: 'route-x' }),
      plugin('decoy-disabled', 'crs', { enabled: false }),
    ];
    const idx = index(plugins);
    for (const req of REQUESTS) {
      const expected = installed.find((refs) => req.applies(refs));
      const got = idx.resolve('ai-proxy', req.scope);
      assert.equal(got?.plugin.id ?? null, expected === undefined ? null : `p-${expected || 'global'}`, `${req.name}, installed [${installed.join(' ')}]`);
      if (got) assert.equal(got.level, KONG_ORDER.indexOf(expected!) + 1);
      checked++;
    }
  }
  assert.equal(checked, 4095 * REQUESTS.length);
});

test('between two consumer groups at the same level, the alphabetically first name wins', () => {
  const idx = index([plugin('in-beta', 'gr'), plugin('in-alpha', 'gr', {}, { g: 'group-a' })]);
  const scope = { routeId: ROUTE, serviceId: SERVICE, consumerId: CONSUMER, consumerGroupIds: [GROUP, 'group-a'] };
  assert.equal(idx.resolve('ai-proxy', scope)?.plugin.id, 'in-alpha');
  const why = idx.explain('ai-proxy', scope).losers.find((l) => l.plugin.id === 'in-beta');
  assert.match(why!.reason, /consumer group 'alpha' \(group-a\) sorts before consumer group 'beta'/);
});

test('disabled instances are skipped as if absent, and other plugin names do not interfere', () => {
  const idx = index([plugin('off', 'r', { enabled: false }), plugin('global', ''), plugin('auth', 'r', { name: 'key-auth' })]);
  const scope = { routeId: ROUTE, serviceId: SERVICE, consumerId: null, consumerGroupIds: [] };
  assert.equal(idx.resolve('ai-proxy', scope)?.plugin.id, 'global');
  assert.equal(idx.resolve('key-auth', scope)?.plugin.id, 'auth');
  assert.equal(idx.resolve('rate-limiting', scope), null);
});

test('explain says why every other candidate lost', () => {
  const idx = index([
    plugin('route', 'r'),
    plugin('service', 's'),
    plugin('consumer', 'c'),
    plugin('group', 'g'),
    plugin('off', 'rs', { enabled: false }),
    plugin('other-route', 'r', {}, { r: 'route-x' }),
    plugin('both', 'cg'),
  ]);
  const ex = idx.explain('ai-proxy', { routeId: ROUTE, serviceId: SERVICE, consumerId: null, consumerGroupIds: [] });
  assert.equal(ex.winner?.plugin.id, 'route');
  assert.equal(ex.winner?.scope, 'route');
  const reasons = Object.fromEntries(ex.losers.map((l) => [l.plugin.id, l.reason]));
  assert.match(reasons['service']!, /level 11 \(service\).*level 10 \(route\)/);
  assert.match(reasons['consumer']!, /no consumer was identified/);
  assert.match(reasons['group']!, /no consumer was identified/);
  assert.match(reasons['off']!, /disabled/);
  assert.match(reasons['other-route']!, /scoped to route route-x, but the request matched route route-1/);
  assert.match(reasons['both']!, /not one of Kong's 12 precedence levels/);
  assert.equal(ex.losers.length, 6);
});
