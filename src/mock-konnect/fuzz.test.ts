// A bounded fuzz of bin/mock-konnect on its durable LMDB store (issue 12, item 11): thousands of
// generated bad inputs over every route it serves — bodies (deep nesting, huge strings, wrong
// types, unicode, nulls, unknown fields, invalid JSON, huge numbers), ids and names in paths,
// and query strings — asserting no 5xx, no crash (the process alive and answering), and that
// every object acknowledged with a 2xx, before or during the fuzz, reads back unchanged, also
// after a kill -9 and a restart. Seeded: the seed is printed; FUZZ_SEED=<n> replays a run,
// FUZZ_REQUESTS=<n> changes its length (default 1,500), FUZZ_TRACE=1 prints every exchange.
//
// Routes covered: /v2/control-planes[/{id}] (GET, POST, PATCH, DELETE; page[size], page[number],
// filter[name]…), and under /v2/control-planes/{id}/core-entities: services, routes, consumers,
// consumer_groups, plugins, key-auths (collection and item: GET, POST, PUT, PATCH, DELETE; size,
// offset, tags), services/{id}/routes, services/{id}/plugins, routes/{id}/plugins,
// consumers/{id}/plugins, consumers/{id}/key-auth, consumers/{id}/consumer_groups,
// consumer_groups/{id}/plugins, consumer_groups/{id}/consumers[/{consumer}].
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { killStartedProcesses, REPO_ROOT, startServer, tempDir } from '../testing/index.js';
import { DEFAULT_DEV_TOKEN } from './index.js';
import { nested, rawClient, type RawReply } from './raw-client.test-helper.js';
import { mulberry32 } from '../testing/seeded-random.js';

const BIN = join(REPO_ROOT, 'bin', 'mock-konnect');
const skip = existsSync(join(REPO_ROOT, 'dist', 'mock-konnect.mjs')) ? false : 'dist/mock-konnect.mjs is missing: run make build';
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1500);

after(killStartedProcesses);

/** mulberry32: small, seeded, good enough to pick test cases. */
function prng(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  const hex = (n: number) => Array.from({ length: n }, () => int(16).toString(16)).join('');
  /** A random version-4 UUID from this generator (crypto.randomUUID would break replays). */
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(4)]}${hex(3)}-${hex(12)}`;
  return { next, int, pick, chance, uuid };
}
type Rng = ReturnType<typeof prng>;

const UNICODE = ['é', 'ß', '漢字', '🦜', '\u202e', '\u0000', '\ud800', '\udfff', '\uffff', 'Ω≈ç√', '\t\n', '"', '\\', '%', '/', '..', ' '];

/** Percent-encoding of any string, lone surrogates included (encodeURIComponent throws on those). */
const pct = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');

function uniq(r: Rng, prefix: string) {
  return `${prefix}-${r.int(1e9).toString(36)}`;
}

function weirdString(r: Rng): string {
  switch (r.int(7)) {
    case 0:
      return 'x'.repeat(r.pick([129, 2000, 5000, 70_000]));
    case 1:
      return Array.from({ length: 1 + r.int(12) }, () => r.pick(UNICODE)).join('');
    case 2:
      return '';
    case 3:
      return r.pick(['null', 'true', '0', '-1', '{}', '[]', '${x}', '{vault://env/x}', "' OR 1=1 --"]);
    case 4:
      return r.uuid();
    case 5:
      return 'é'.repeat(r.pick([100, 700, 1000]));
    default:
      return uniq(r, 'w');
  }
}

function weirdValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return r.pick([0, -1, 1.5, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, Number.MIN_VALUE]);
    case 2:
      return r.chance(0.5);
    case 3:
    case 4:
      return weirdString(r);
    case 5:
      return [];
    case 6:
      return Array.from({ length: 1 + r.int(3) }, () => weirdValue(r, depth + 1));
    case 7:
      return { [weirdString(r).slice(0, 40)]: weirdValue(r, depth + 1) };
    default:
      return {};
  }
}

/** A JSON text: a valid base body with one or two mutations, or a text that is not JSON at all. */
function mutatedBody(r: Rng, base: Record<string, unknown>): string {
  const body: Record<string, unknown> = structuredClone(base);
  const keys = Object.keys(body);
  const mutations = 1 + r.int(2);
  for (let i = 0; i < mutations; i++) {
    const key = r.chance(0.7) && keys.length ? r.pick(keys) : weirdString(r).slice(0, 60);
    switch (r.int(10)) {
      case 0: {
        const deep = nested(r.pick([90, 101, 3000, 20_000]));
        return r.chance(0.5) ? JSON.stringify(body).replace(/}$/, () => `,${JSON.stringify(key)}:${deep}}`) : `[${deep}]`;
      }
      case 1:
        body[key] = 'y'.repeat(r.pick([129, 2001, 100_000, 1_000_000]));
        break;
      case 2:
        body[key] = weirdValue(r);
        break;
      case 3:
        body[key] = null;
        break;
      case 4:
        body[uniq(r, 'unknown_field')] = weirdValue(r);
        break;
      case 5: {
        const text = JSON.stringify(body);
        return r.pick([text.slice(0, Math.max(1, r.int(text.length))), `${text}}`, `${text},`, text.replace(':', ''), "{'single':'quotes'}", '\u00ff\u00fe', 'NaN', '{"a":Infinity}', '{"a":01}']);
      }
      case 6: {
        const text = JSON.stringify(body);
        return text.replace(/}$/, `,"${key}":${r.pick(['1e400', '-1e400', '123456789012345678901234567890', '1e-400', '-0', '9007199254740993'])}}`);
      }
      case 7:
        return JSON.stringify(r.pick([null, [], [body], 'a string', 42, true]));
      case 8:
        return JSON.stringify(body).replace(/}$/, `,"${key}":${JSON.stringify(weirdValue(r))},"${key}":1}`); // duplicate key
      default:
        body[key] = Array.from({ length: 1 + r.int(4) }, () => weirdValue(r));
    }
  }
  return JSON.stringify(body);
}

/**
 * An id-or-name for a path. Writes (`put`, `delete`) use refs no acknowledged object has, each
 * purpose its own (a PUT by name creates; a DELETE must never remove what a PUT made).
 */
function hostileRef(r: Rng, purpose: 'read' | 'put' | 'delete'): string {
  const tag = purpose === 'read' ? '' : `${purpose}-`;
  switch (r.int(8)) {
    case 0:
      return tag + 'x'.repeat(r.pick([129, 2000, 5000, 7000]));
    case 1:
      // Dot segments are resolved (as nginx does): `…/key-auth/..` is the consumer itself, so
      // they are only read, never written to.
      return tag + r.pick(['%ff', '%zz', '%', '%e2%82', '%c0%af', '%00', 'a%2fb', '~', '%f0%9f%a6%9c', ...(purpose === 'read' ? ['..', '%2e%2e', '.'] : [])]);
    case 2:
      return r.uuid();
    case 3:
      return pct(`${tag}${r.pick(UNICODE)}${r.int(1e9)}`);
    case 4:
      return `${r.uuid()}x`;
    case 5:
      return pct(tag + 'é'.repeat(r.pick([64, 129, 700])));
    default:
      return `zz-${tag}${r.int(1e9).toString(36)}`;
  }
}

function hostileQuery(r: Rng, cp: boolean): string {
  const val = () => pct(r.pick(['-1', '0', '1', '1000', '1001', '1e3', '1e400', 'abc', '', '9'.repeat(400), ...UNICODE, 'x'.repeat(3000)]));
  const offset = () =>
    r.pick([
      'garbage',
      '%ff',
      Buffer.from(JSON.stringify(['x'.repeat(5000)])).toString('base64url'),
      Buffer.from(JSON.stringify([r.uuid()])).toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
      'x'.repeat(4000),
    ]);
  const parts = cp
    ? [`page[size]=${val()}`, `page[number]=${val()}`, `page[after]=${offset()}`, `filter[name]=${val()}`, `filter[name][contains]=${val()}`, `filter[name][neq]=${val()}`]
    : [`size=${val()}`, `offset=${offset()}`, `tags=${val()}`, `tags=${pct('a,b/c')}`, `filter=${val()}`];
  return parts.filter(() => r.chance(0.5)).join('&');
}

interface Acked {
  readonly read: string;
  body: unknown;
}

test(`a seeded fuzz of ${REQUESTS} hostile requests: no 5xx, no crash, acknowledged data intact (durable store)`, { skip, timeout: 240_000 }, async (t) => {
  const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
  t.diagnostic(`fuzz seed ${seed} (replay: FUZZ_SEED=${seed})`);
  console.log(`mock-konnect fuzz: seed ${seed} (replay with FUZZ_SEED=${seed})`);
  const r = prng(seed);
  const dir = tempDir('mock-konnect-fuzz-');
  let server = await startServer(BIN, ['--listen', '127.0.0.1:0', '--data', dir.path], 'mock-konnect');
  let api = rawClient(server.url, DEFAULT_DEV_TOKEN);
  const anon = rawClient(server.url);
  const acked = new Map<string, Acked>(); // id → how to read it back and what it was
  const failures: string[] = [];
  try {
    const ok = async (method: string, path: string, body: unknown) => {
      const res = await api.send(method, path, JSON.stringify(body));
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text.slice(0, 300)}`);
      return JSON.parse(res.text) as Record<string, any>;
    };
    // Acknowledged before the fuzz: one of each entity, and the scopes the fuzz writes under.
    const cp = await ok('POST', '/v2/control-planes', { name: 'fuzz', labels: { env: 'test' } });
    acked.set(cp.id, { read: `/v2/control-planes/${cp.id}`, body: cp });
    const ce = `/v2/control-planes/${cp.id}/core-entities`;
    const svc = await ok('POST', `${ce}/services`, { name: 'fuzz-svc', url: 'http://127.0.0.1:9090/v1' });
    const route = await ok('POST', `${ce}/services/${svc.id}/routes`, { name: 'fuzz-route', paths: ['/f'] });
    const consumer = await ok('POST', `${ce}/consumers`, { username: 'fuzz-alice', custom_id: 'a1' });
    const group = await ok('POST', `${ce}/consumer_groups`, { name: 'fuzz-gold' });
    await ok('POST', `${ce}/consumer_groups/${group.id}/consumers`, { consumer: consumer.id });
    const cred = await ok('POST', `${ce}/consumers/${consumer.id}/key-auth`, { key: 'fuzz-key-1' });
    const plugin = await ok('POST', `${ce}/routes/${route.id}/plugins`, {
      name: 'ai-proxy',
      config: { route_type: 'llm/v1/chat', auth: { header_name: 'Authorization', header_value: 'Bearer hf_fuzz' }, model: { provider: 'huggingface', name: 'm' } },
    });
    for (const [coll, e] of [['services', svc], ['routes', route], ['consumers', consumer], ['plugins', plugin], ['key-auths', cred]] as const)
      acked.set(e.id, { read: `${ce}/${coll}/${e.id}`, body: e });
    acked.set(group.id, { read: `${ce}/consumer_groups/${group.id}`, body: { consumer_group: group, consumers: [consumer] } });

    const aiConfig = { route_type: 'llm/v1/chat', model: { provider: 'huggingface', name: 'm' } };
    // Collections the fuzz posts to: [path, base body, collection to read a created one back from].
    const collections: [string, () => Record<string, unknown>, string][] = [
      [`${ce}/services`, () => ({ name: uniq(r, 's'), host: 'example.com', ...(r.chance(0.3) ? { url: 'https://h:8443/p' } : {}) }), 'services'],
      [`${ce}/routes`, () => ({ name: uniq(r, 'r'), paths: ['/p'], service: { id: svc.id } }), 'routes'],
      [`${ce}/services/${svc.id}/routes`, () => ({ name: uniq(r, 'r'), hosts: ['h.example'] }), 'routes'],
      [`${ce}/consumers`, () => ({ username: uniq(r, 'u'), tags: ['t'] }), 'consumers'],
      [`${ce}/consumer_groups`, () => ({ name: uniq(r, 'g') }), 'consumer_groups'],
      [`${ce}/plugins`, () => ({ name: r.pick(['ai-proxy', 'key-auth', 'totally-unknown']), config: r.chance(0.5) ? aiConfig : {}, service: { id: svc.id } }), 'plugins'],
      [`${ce}/services/${svc.id}/plugins`, () => ({ name: 'key-auth', instance_name: uniq(r, 'i'), config: { key_names: ['apikey'] } }), 'plugins'],
      [`${ce}/routes/${route.id}/plugins`, () => ({ name: 'key-auth', config: {} }), 'plugins'],
      [`${ce}/consumers/${consumer.id}/plugins`, () => ({ name: 'ai-proxy', config: aiConfig }), 'plugins'],
      [`${ce}/consumer_groups/${group.id}/plugins`, () => ({ name: 'ai-proxy', config: aiConfig }), 'plugins'],
      [`${ce}/consumers/${consumer.id}/key-auth`, () => ({ key: uniq(r, 'k'), ttl: 100 }), 'key-auths'],
      [`${ce}/consumer_groups/${group.id}/consumers`, () => ({ consumer: r.chance(0.5) ? consumer.id : hostileRef(r, 'read') }), ''],
      [`${ce}/consumers/${consumer.id}/consumer_groups`, () => ({ group: r.chance(0.5) ? group.id : hostileRef(r, 'read') }), ''],
      ['/v2/control-planes', () => ({ name: uniq(r, 'cp'), description: 'd', labels: { a: 'b' } }), 'control-planes'],
    ];
    const items = ['services', 'routes', 'consumers', 'consumer_groups', 'plugins', 'key-auths'];
    const nestedItems = [
      `services/${svc.id}/routes`,
      `services/${svc.id}/plugins`,
      `routes/${route.id}/plugins`,
      `consumers/${consumer.id}/plugins`,
      `consumers/${consumer.id}/key-auth`,
      `consumer_groups/${group.id}/plugins`,
      `consumer_groups/${group.id}/consumers`,
    ];
    const parents = ['services', 'routes', 'consumers', 'consumer_groups'];
    const children = ['plugins', 'routes', 'key-auth', 'consumers', 'consumer_groups'];

    /** A 2xx answer carrying an entity: what it must read back as at the end. */
    const record = (res: RawReply, readColl: string | undefined) => {
      if (res.status >= 300 || !readColl || !res.type.startsWith('application/json')) return;
      const body = JSON.parse(res.text) as { id?: string };
      if (typeof body.id !== 'string') return;
      const read = readColl === 'control-planes' ? `/v2/control-planes/${body.id}` : `${ce}/${readColl}/${body.id}`;
      if (readColl === 'consumer_groups') acked.set(body.id, { read, body: { consumer_group: body } });
      else acked.set(body.id, { read, body });
    };

    /** One request; no answer is a failure, naming whether the mock is still running. */
    const exchange = async (client: ReturnType<typeof rawClient>, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}) => {
      try {
        return await client.send(method, path, body, headers);
      } catch (e) {
        await Promise.race([server.process.exited(), new Promise((res) => setTimeout(res, 1000))]);
        const state = server.process.child.exitCode === null && server.process.child.signalCode === null ? 'still running' : `exited: ${server.process.stderr().trim().split('\n').slice(-3).join(' | ')}`;
        failures.push(`${method} ${path.slice(0, 120)} body ${String(body ?? '').slice(0, 120)}: no answer (${(e as Error).message}); the mock ${state}`);
        return undefined;
      }
    };

    let sent = 0;
    for (let i = 0; i < REQUESTS; i++) {
      let method: string;
      let path: string;
      let body: string | Buffer | undefined;
      let readColl: string | undefined;
      let client = api;
      let headers: Record<string, string> = {};
      const kind = r.int(100);
      if (kind < 40) {
        const [p, base, coll] = r.pick(collections);
        method = 'POST';
        path = p;
        body = r.chance(0.1) ? JSON.stringify(base()) : mutatedBody(r, base());
        readColl = coll || undefined;
      } else if (kind < 60) {
        // PUT / PATCH / DELETE on refs no acknowledged object has; PUT may create one.
        method = r.pick(['PUT', 'PATCH', 'DELETE']);
        const coll = r.pick([...items, ...nestedItems]);
        path = `${ce}/${coll}/${hostileRef(r, method === 'DELETE' ? 'delete' : 'put')}`;
        const type = coll.split('/').pop()!;
        const base: Record<string, unknown> =
          type === 'services' ? { host: 'h' } : type === 'routes' ? { paths: ['/x'] } : type === 'consumers' ? { custom_id: uniq(r, 'c') } : type === 'consumer_groups' ? { name: uniq(r, 'g') } : type === 'plugins' ? { name: 'key-auth', config: {} } : { key: uniq(r, 'k') };
        body = method === 'DELETE' ? undefined : r.chance(0.3) ? JSON.stringify(base) : mutatedBody(r, base);
        readColl = method === 'DELETE' ? undefined : type === 'key-auth' ? 'key-auths' : coll.includes('/') && type !== 'routes' && type !== 'plugins' ? undefined : type;
      } else if (kind < 80) {
        // Reads: real and hostile ids, collections with hostile query strings.
        method = 'GET';
        const what = r.int(5);
        if (what === 0) path = `${ce}/${r.pick(items)}/${r.chance(0.3) ? r.pick([svc.id, route.id, consumer.id, 'fuzz-svc', 'fuzz-alice']) : hostileRef(r, 'read')}`;
        else if (what === 1) path = `${ce}/${r.pick(parents)}/${hostileRef(r, 'read')}/${r.pick(children)}`;
        else if (what === 2) path = `${ce}/${r.pick([...items, ...nestedItems])}?${hostileQuery(r, false)}`;
        else if (what === 3) path = `/v2/control-planes?${hostileQuery(r, true)}`;
        else path = `/v2/control-planes/${r.chance(0.5) ? hostileRef(r, 'read') : cp.id}${r.chance(0.5) ? `/core-entities/${r.pick(items)}` : ''}`;
      } else if (kind < 90) {
        // Control planes: hostile ids for writes; garbage path shapes; membership deletes.
        method = r.pick(['PATCH', 'DELETE', 'PUT', 'POST', 'GET']);
        const what = r.int(4);
        if (what === 0) path = `/v2/control-planes/${hostileRef(r, 'delete')}`;
        else if (what === 1) path = `/v2/control-planes/${hostileRef(r, 'read')}/core-entities/${r.pick(items)}/${hostileRef(r, 'delete')}`;
        else if (what === 2) path = `${ce}/consumer_groups/${group.id}/consumers/${hostileRef(r, 'delete')}`;
        else path = r.pick([`${ce}/${'a/'.repeat(40)}`, `${ce}//services`, `/us${ce}/services/%ff/plugins`, '/v2/control-planes/../control-planes', `${ce}/services/${svc.id}/plugins/x/y/z`, '/%ff', '/v2/%zz']);
        body = method === 'GET' || method === 'DELETE' ? undefined : mutatedBody(r, { name: uniq(r, 'p') });
      } else if (kind < 97) {
        // No or a wrong token, with hostile bodies: 401, never a crash.
        client = anon;
        method = 'POST';
        path = r.pick([`${ce}/services`, '/v2/control-planes']);
        body = mutatedBody(r, { name: uniq(r, 'n') });
        if (r.chance(0.5)) headers = { authorization: 'Bearer kpat_wrong' };
      } else {
        // Large bodies: just under and just over the 10 MiB cap, and 1 MB strings in JSON
        // (under the cap only as a 1 MB string, so that the store is not filled with 10 MB rows).
        method = 'POST';
        path = r.pick([`${ce}/services`, '/v2/control-planes', `${ce}/plugins`]);
        const cap = 10 * 1024 * 1024;
        const size = r.pick([1_000_000, cap - 64, cap + 1]);
        body = size === cap - 64 || r.chance(0.5) ? Buffer.alloc(size, 0x61) : JSON.stringify({ name: uniq(r, 'b'), host: 'h', tags: ['z'.repeat(size - 60)] });
      }
      const res = await exchange(client, method, path, body, headers);
      if (!res) {
        if (server.process.child.exitCode !== null || server.process.child.signalCode !== null) break;
        continue;
      }
      sent++;
      if (process.env.FUZZ_TRACE) console.log(`#${i} ${method} ${path.slice(0, 160)} ${String(body ?? '').slice(0, 160)} -> ${res.status} ${res.text.slice(0, 160)}`);
      if (res.status >= 500) failures.push(`${method} ${path.slice(0, 120)} body ${String(body ?? '').slice(0, 120)}: ${res.status} ${res.text.slice(0, 200)}`);
      if (client === api) record(res, readColl);
      if (i % 250 === 0 && (await exchange(api, 'GET', '/_mock/health'))?.status !== 200) failures.push(`after request ${i}: /_mock/health does not answer 200`);
    }

    assert.deepEqual(failures, [], `seed ${seed}: ${failures.length} requests failed`);
    assert.ok(sent >= 1000, `only ${sent} requests sent`);
    assert.equal(server.process.child.exitCode, null, `the mock exited: ${server.process.stderr()}`);
    assert.equal(server.process.stderr(), '', 'no internal error was logged');

    const verify = async (when: string) => {
      for (const [id, a] of acked) {
        const res = await api.send('GET', a.read);
        assert.equal(res.status, 200, `${when}: ${a.read}: ${res.status} ${res.text.slice(0, 200)}`);
        const got = JSON.parse(res.text) as Record<string, unknown>;
        if ('consumer_group' in (a.body as object)) assert.deepEqual(got.consumer_group, (a.body as { consumer_group: unknown }).consumer_group, `${when}: group ${id}`);
        else assert.deepEqual(got, a.body, `${when}: ${a.read}`);
      }
      const members = JSON.parse((await api.send('GET', `${ce}/consumer_groups/${group.id}/consumers`)).text).data as { id: string }[];
      assert.ok(members.some((m) => m.id === consumer.id), `${when}: membership kept`);
    };
    await verify('after the fuzz');
    t.diagnostic(`${sent} requests, ${acked.size} acknowledged objects checked`);

    // Durable: kill -9, restart on the same directory, read everything back again.
    api.close();
    await server.process.kill('SIGKILL', 0);
    server = await startServer(BIN, ['--listen', '127.0.0.1:0', '--data', dir.path], 'mock-konnect');
    api = rawClient(server.url, DEFAULT_DEV_TOKEN);
    await verify('after kill -9 and a restart');
  } finally {
    api.close();
    anon.close();
    await server.process.kill();
    dir.remove();
  }
});
