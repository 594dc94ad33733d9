import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plugin } from '../../schemas/entities.js';
import { compileUnsupported, listUnsupported, unsupportedMessage } from './unsupported.js';

const ROUTE_A = 'route-a';
const ROUTE_B = 'route-b';
const SERVICE = 'service-1';
const ALICE = 'consumer-alice';

function plugin(id: string, name: string, over: Partial<Plugin> = {}): Plugin {
  return {
    id, name, instance_name: null, config: {}, enabled: true, protocols: ['http', 'https'],
    consumer: null, consumer_group: null, route: null, service: null,
    tags: null, ordering: null, partials: null, created_at: 0, updated_at: 0, ...over,
  };
}

function compile(plugins: Plugin[]) {
  const snapshot = {
    plugins,
    routes: [ROUTE_A, ROUTE_B].map((id) => ({ id, name: id.slice(6) })) as never[],
    services: [{ id: SERVICE, name: 'llm' }] as never[],
    consumers: [{ id: ALICE, username: 'alice', custom_id: null }] as never[],
    consumerGroups: [],
  };
  return { u: compileUnsupported(snapshot), list: listUnsupported(snapshot) };
}

const on = (routeId: string, consumerId: string | null = null) => ({ routeId, serviceId: SERVICE, consumerId, consumerGroupIds: [] });
const names = (r: readonly { plugin: Plugin }[]) => r.map((x) => x.plugin.name);

test('only the requests a plugin applies to by Kong\'s scoping; ai-proxy, key-auth, ai-prompt-decorator and ai-prompt-guard are run, not refused', () => {
  const { u } = compile([
    plugin('g', 'ai-semantic-cache', { route: { id: ROUTE_A } }),
    plugin('c', 'rate-limiting', { consumer: { id: ALICE } }),
    plugin('p', 'ai-proxy'),
    plugin('k', 'key-auth', { route: { id: ROUTE_B } }),
    plugin('d', 'ai-prompt-decorator'),
    plugin('gd', 'ai-prompt-guard', { route: { id: ROUTE_B } }),
  ]);
  assert.deepEqual(names(u.applying(on(ROUTE_A))), ['ai-semantic-cache']);
  assert.deepEqual(names(u.applying(on(ROUTE_B))), []);
  assert.deepEqual(names(u.applying(on(ROUTE_B, ALICE))), ['rate-limiting']);
  assert.deepEqual(names(u.applying(on(ROUTE_A, ALICE))), ['ai-semantic-cache', 'rate-limiting']);
  assert.deepEqual(u.names, ['ai-semantic-cache', 'rate-limiting']);
});

test('a global one applies to every route; one instance per name wins by precedence', () => {
  const { u } = compile([plugin('glob', 'zipkin'), plugin('route', 'zipkin', { route: { id: ROUTE_B } })]);
  assert.deepEqual(u.applying(on(ROUTE_A)).map((r) => r.plugin.id), ['glob']);
  assert.deepEqual(u.applying(on(ROUTE_B)).map((r) => [r.plugin.id, r.scope]), [['route', 'route']]);
});

test('ignored as Kong ignores them: disabled, stream-only protocols, a scope Kong has no level for', () => {
  const { u, list } = compile([
    plugin('off', 'ai-semantic-cache', { enabled: false }),
    plugin('tcp', 'tcp-log', { protocols: ['tcp', 'tls'] }),
    plugin('odd', 'rate-limiting', { consumer: { id: ALICE }, consumer_group: { id: 'g' } }),
  ]);
  assert.deepEqual(names(u.applying(on(ROUTE_A, ALICE))), []);
  assert.deepEqual(list.map((p) => [p.id, p.effect.startsWith('none')]), [['odd', true]]);
  // a stream-only instance at a higher level does not shadow an HTTP one below it
  const shadow = compile([plugin('tcp-route', 'tcp-log', { route: { id: ROUTE_A }, protocols: ['tcp'] }), plugin('http-global', 'tcp-log')]).u;
  assert.deepEqual(shadow.applying(on(ROUTE_A)).map((r) => r.plugin.id), ['http-global']);
});

test('/status entries name where each applies; the message names every plugin', () => {
  const { list } = compile([plugin('g', 'ai-semantic-cache', { route: { id: ROUTE_A } }), plugin('glob', 'openid-connect')]);
  assert.deepEqual(list.map((p) => [p.name, p.scope, p.route?.name ?? null, p.effect]), [
    ['ai-semantic-cache', 'route', 'a', 'requests it applies to (route) are answered 500 and not proxied'],
    ['openid-connect', 'global', null, 'requests it applies to (every route) are answered 500 and not proxied'],
  ]);
  assert.equal(unsupportedMessage(['ai-semantic-cache']), "plugin 'ai-semantic-cache' is configured for this request but not supported by this gateway");
  assert.equal(unsupportedMessage(['a', 'b']), "plugins 'a', 'b' are configured for this request but not supported by this gateway");
});
