// The mock accepts every property Konnect's OpenAPI declares for the request bodies of the
// entities it serves (issue 12, item 12: the write-only service `url` helper was refused as an
// unknown field). Walks testdata/konnect-core-entities-requests.json — the request-body schemas
// of the served POST/PUT endpoints, extracted verbatim from the control-planes-config spec —
// and sends, for each endpoint and each declared property, a valid body plus that property;
// the answer must be 2xx, and no write-only property may come back in it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { MemoryStore } from '../kong-entities/index.js';
import { DEFAULT_DEV_TOKEN, MockKonnect } from './index.js';

interface Schema {
  $ref?: string;
  type?: string;
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  writeOnly?: boolean;
}
const spec = JSON.parse(readFileSync(new URL('./testdata/konnect-core-entities-requests.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { schema: Schema }>>;
  components: { schemas: Record<string, Schema> };
};

/**
 * Deliberate exceptions: declared properties the mock refuses, and why. The expressions router
 * flavour (RouteExpression's `expression` and `priority`) is not modelled: a control plane
 * here routes with the traditional flavour, whose route schema has neither field.
 */
const NOT_ACCEPTED: Record<string, string> = {
  'RouteExpression.expression': 'the expressions router flavour is not modelled',
  'RouteExpression.priority': 'the expressions router flavour is not modelled',
};

const deref = (s: Schema): Schema => (s.$ref ? spec.components.schemas[s.$ref.replace('#/components/schemas/', '')]! : s);
const schemaName = (s: Schema) => s.$ref?.replace('#/components/schemas/', '') ?? '(inline)';

/** Every (schema name, property, property schema) of a request body, through oneOf. */
function properties(s: Schema): [string, string, Schema][] {
  const d = deref(s);
  if (d.oneOf) return d.oneOf.flatMap(properties);
  return Object.entries(d.properties ?? {}).map(([k, v]) => [schemaName(s), k, v]);
}

let mock: MockKonnect;
let base: string;
before(async () => {
  mock = new MockKonnect({ store: new MemoryStore(), tokens: [DEFAULT_DEV_TOKEN] });
  base = await mock.listen('127.0.0.1', 0);
});
after(() => mock.close());

async function call(method: string, path: string, body?: unknown) {
  const res = await request(base + path, {
    method: method as 'GET',
    headers: { authorization: `Bearer ${DEFAULT_DEV_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

test('every property Konnect declares for a served entity request is accepted; write-only ones are never returned', async () => {
  const cp = (await call('POST', '/v2/control-planes', { name: 'openapi' })).body!;
  const ce = `/v2/control-planes/${cp.id}/core-entities`;
  const svc = (await call('POST', `${ce}/services`, { name: 'svc', host: 'example.com' })).body!;
  const route = (await call('POST', `${ce}/routes`, { name: 'rt', paths: ['/r'], service: { id: svc.id } })).body!;
  const consumer = (await call('POST', `${ce}/consumers`, { username: 'alice' })).body!;
  const group = (await call('POST', `${ce}/consumer_groups`, { name: 'gold' })).body!;
  const parentIds: Record<string, string> = {
    ServiceId: svc.id,
    RouteId: route.id,
    ConsumerId: consumer.id,
    ConsumerIdForNestedEntities: consumer.id,
    ConsumerGroupId: group.id,
  };
  let n = 0;
  const unique = (p: string) => `${p}-${++n}`;
  const aiProxy = { route_type: 'llm/v1/chat', model: { provider: 'huggingface', name: 'm' } };
  // A valid body per request schema, without the property under test.
  const bases: Record<string, () => Record<string, unknown>> = {
    Service: () => ({ name: unique('s'), host: 'example.com' }),
    Route: () => ({ name: unique('r'), paths: ['/p'], service: { id: svc.id } }),
    RouteWithoutParents: () => ({ name: unique('r'), paths: ['/p'] }),
    Consumer: () => ({ username: unique('u') }),
    ConsumerGroup: () => ({ name: unique('g') }),
    KeyAuthWithoutParents: () => ({ key: unique('k') }),
    // ai-proxy: a plugin every scope allows (key-auth cannot be scoped to a consumer).
    Plugin: () => ({ name: 'ai-proxy', config: aiProxy }),
    PluginWithoutParents: () => ({ name: 'ai-proxy', config: aiProxy }),
    '(inline)': () => ({}),
  };
  // Values that mean something (references to existing entities, paths, unique names); the
  // rest are derived from the property's own schema, so a property added to the spec is tried too.
  const meaningful: Record<string, () => unknown> = {
    id: () => randomUUID(),
    created_at: () => 1_700_000_000,
    updated_at: () => 1_700_000_000,
    url: () => 'https://upstream.example:8443/v1',
    path: () => '/v1',
    paths: () => ['/p'],
    hosts: () => ['h.example'],
    methods: () => ['GET'],
    snis: () => ['s.example'],
    headers: () => ({ 'x-h': ['v'] }),
    sources: () => [{ ip: '10.0.0.1', port: 80 }],
    destinations: () => [{ ip: '10.0.0.2', port: 443 }],
    service: () => ({ id: svc.id }),
    route: () => ({ id: route.id }),
    consumer: () => ({ id: consumer.id }),
    consumer_group: () => ({ id: group.id }),
    client_certificate: () => ({ id: randomUUID() }),
    ca_certificates: () => [randomUUID()],
    tls_sans: () => ({ dnsnames: ['a.example'], uris: ['spiffe://a'] }),
    tags: () => ['t'],
    name: () => unique('n'),
    instance_name: () => unique('i'),
    username: () => unique('u'),
    custom_id: () => unique('c'),
    key: () => unique('k'),
    partials: () => [{ id: randomUUID(), name: 'p', path: 'config.redis' }],
    ordering: () => ({ before: { access: ['rate-limiting'] } }),
    condition: () => 'http.method == "GET"',
  };
  const fromSchema = (s: Schema): unknown => {
    const d = deref(s);
    if (d.enum) return d.enum[0];
    if (d.default !== undefined && d.default !== null) return d.default;
    if (d.type === 'boolean') return true;
    if (d.type === 'integer' || d.type === 'number') return d.minimum ?? 1;
    if (d.type === 'array') return d.items ? [fromSchema(d.items)] : [];
    if (d.type === 'object') return Object.fromEntries(Object.entries(d.properties ?? {}).map(([k, v]) => [k, fromSchema(v)]));
    return 'x';
  };

  const failures: string[] = [];
  let tried = 0;
  for (const [template, ops] of Object.entries(spec.paths)) {
    for (const [method, { schema }] of Object.entries(ops)) {
      // Parents are the entities made above; the item a PUT writes is a new id each time.
      const sub = template.replace('/control-planes/{controlPlaneId}/core-entities', '');
      const item = method === 'put' ? /\{(\w+)\}$/.exec(sub)?.[1] : undefined;
      const name = schemaName(schema);
      for (const [owner, prop, propSchema] of properties(schema)) {
        const key = `${owner}.${prop}`;
        if (NOT_ACCEPTED[key]) continue;
        const path = `${ce}${sub.replace(/\{(\w+)\}/g, (m: string, k: string) => (sub.endsWith(m) && k === item ? randomUUID() : parentIds[k]!))}`;
        const baseBody = bases[name]!();
        let value = meaningful[prop]?.() ?? fromSchema(propSchema);
        if (name.startsWith('Plugin') && (prop === 'name' || prop === 'config')) value = baseBody[prop]; // the plugin's own
        if (name === '(inline)') value = prop === 'group' ? group.id : consumer.id; // membership bodies: a reference
        const body = { ...baseBody, [prop]: value };
        const res = await call(method.toUpperCase(), path, body);
        tried++;
        if (res.status >= 300) {
          failures.push(`${method.toUpperCase()} ${template} ${key}=${JSON.stringify(value)}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
          continue;
        }
        for (const [, wp, ws] of properties(schema))
          if (deref(ws).writeOnly && res.body && wp in res.body) failures.push(`${method.toUpperCase()} ${template}: write-only ${wp} returned`);
        // Leave nothing behind that a later property's body would collide with.
        const created = res.body as { id?: string; name?: string };
        if (typeof created?.id === 'string' && name !== '(inline)') {
          const coll = /\/(services|routes|consumers|consumer_groups|plugins|key-auth)(\/[^/]+)?$/.exec(template)![1]!;
          await call('DELETE', `${ce}/${coll === 'key-auth' ? 'key-auths' : coll}/${created.id}`);
        }
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(tried > 150, `only ${tried} property checks ran`);
});

test('the service url helper: Konnect\'s and Kong\'s expansion, the url winning over explicit fields, never returned', async () => {
  const cp = (await call('POST', '/v2/control-planes', { name: 'url-helper' })).body!;
  const ce = `/v2/control-planes/${cp.id}/core-entities`;
  const created = await call('POST', `${ce}/services`, { name: 's', url: 'http://127.0.0.1:9090' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(
    [created.body!.protocol, created.body!.host, created.body!.port, created.body!.path, 'url' in created.body!],
    ['http', '127.0.0.1', 9090, null, false],
  );
  const read = (await call('GET', `${ce}/services/${created.body!.id}`)).body!;
  assert.deepEqual(read, created.body);

  const put = await call('PUT', `${ce}/services/${created.body!.id}`, { name: 's', url: 'https://api.example/v1?q=1', host: 'ignored', port: 1, protocol: 'grpc' });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.deepEqual([put.body!.protocol, put.body!.host, put.body!.port, put.body!.path, 'url' in put.body!], ['https', 'api.example', 443, '/v1', false]);

  const patched = await call('PATCH', `${ce}/services/s`, { url: 'grpcs://[::1]:50051' });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.deepEqual([patched.body!.protocol, patched.body!.host, patched.body!.port, patched.body!.path], ['grpcs', '::1', 50051, null]);

  const noHost = await call('POST', `${ce}/services`, { name: 'bad', url: 'localhost:8080' });
  assert.equal(noHost.status, 400);
  assert.deepEqual(noHost.body!.fields, { url: 'missing host in url; write it as scheme://host[:port][/path], e.g. http://localhost:8080' });
  const notString = await call('POST', `${ce}/services`, { name: 'bad', url: 42 });
  assert.deepEqual([notString.status, notString.body!.fields], [400, { url: 'expected a string' }]);
  const badScheme = await call('POST', `${ce}/services`, { name: 'bad', url: 'ftp://h:21' });
  assert.equal(badScheme.status, 400);
  assert.match(badScheme.body!.fields.protocol, /^expected one of: /);
});
