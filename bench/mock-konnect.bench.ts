// Mock Konnect throughput, side by side in one run: the durable LMDB store (every write fsynced
// before the response) vs --in-memory, for creating and getting ai-proxy plugins over HTTP with
// autocannon; prints req/s and the durable/in-memory ratio. Then 10,000 plugins in one control
// plane listed in full through the paginated list endpoint (size=1000 and the default 100),
// on both stores, against the 1 s target.
import autocannonUntyped from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { LmdbStore, MemoryStore, type KeyValueStore } from '../src/kong-entities/index.js';
import { DEFAULT_DEV_TOKEN, MockKonnect } from '../src/mock-konnect/index.js';

const DURATION = Number(process.env.DURATION ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const auth = { authorization: `Bearer ${DEFAULT_DEV_TOKEN}`, 'content-type': 'application/json' };
const config = { route_type: 'llm/v1/chat', llm_format: 'huggingface', model: { provider: 'huggingface', name: 'm' } };

interface Target {
  name: string;
  store: KeyValueStore;
  mock: MockKonnect;
  url: string;
  ce: string;
  services: string[];
  dir?: string;
}

async function target(name: string, durable: boolean, services: number): Promise<Target> {
  const dir = durable ? mkdtempSync(join(tmpdir(), 'mock-konnect-bench-')) : undefined;
  const store = dir ? new LmdbStore(dir) : new MemoryStore();
  const mock = new MockKonnect({ store, tokens: [DEFAULT_DEV_TOKEN] });
  const url = await mock.listen('127.0.0.1', 0);
  const cp = mock.controlPlanes.create({ name }).body as { id: string };
  // Fixtures in one transaction (set-up, not measured).
  const ids = store.write(() =>
    Array.from({ length: services }, (_, i) => {
      const r = mock.engine.create(cp.id, 'services', { name: `s${i}`, host: 'h' });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.id;
    }),
  );
  return { name, store, mock, url, ce: `/v2/control-planes/${cp.id}/core-entities`, services: ids, ...(dir ? { dir } : {}) };
}

// bench/autocannon.d.ts declares the part of autocannon the gateway bench uses; this bench also
// needs per-request bodies and paths, so it states the options it passes here.
interface Options {
  url: string;
  connections: number;
  duration: number;
  requests: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    setupRequest?: (req: Record<string, unknown>) => Record<string, unknown>;
    onResponse?: (status: number, body: string) => void;
  }[];
}
interface Result {
  requests: { average: number };
  non2xx: number;
  errors: number;
}
const autocannon = autocannonUntyped as unknown as (o: Options) => Promise<Result>;

async function run(opts: Options): Promise<Result> {
  return await autocannon(opts);
}

async function createBench(t: Target): Promise<{ rps: number; errors: number; created: string[] }> {
  let i = 0;
  const created: string[] = [];
  const res = await run({
    url: t.url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        path: `${t.ce}/plugins`,
        headers: auth,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: 'ai-proxy', config, service: { id: t.services[i++ % t.services.length] } }) }),
        onResponse: (status, body) => {
          if (status === 201) created.push((JSON.parse(body) as { id: string }).id);
        },
      },
    ],
  });
  return { rps: created.length / DURATION, errors: res.non2xx + res.errors, created };
}

async function getBench(t: Target, ids: string[]): Promise<number> {
  let i = 0;
  const res = await run({
    url: t.url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [{ method: 'GET', headers: auth, setupRequest: (req) => ({ ...req, path: `${t.ce}/plugins/${ids[i++ % ids.length]}` }) }],
  });
  if (res.non2xx) throw new Error(`${res.non2xx} failed GETs`);
  return res.requests.average;
}

async function listAll(t: Target, size: number): Promise<{ ms: number; count: number; pages: number }> {
  const t0 = performance.now();
  let next: string | null = `${t.ce}/plugins?size=${size}`;
  let count = 0;
  let pages = 0;
  while (next) {
    const res = await request(t.url + next, { headers: auth });
    const page = (await res.body.json()) as { data: unknown[]; next: string | null };
    count += page.data.length;
    pages++;
    next = page.next;
  }
  return { ms: performance.now() - t0, count, pages };
}

async function fill(t: Target, n: number): Promise<void> {
  const existing = (t.mock.engine.list(t.ce.split('/')[3]!, 'plugins', { size: '1000' }) as { ok: true; value: { data: unknown[] } }).value.data.length;
  const cpId = t.ce.split('/')[3]!;
  t.store.write(() => {
    for (let i = existing; i < n; i++) {
      const r = t.mock.engine.create(cpId, 'plugins', { name: 'ai-proxy', config, service: { id: t.services[i]! } });
      if (!r.ok) throw new Error(r.error.message);
    }
  });
}

const N = 10_000;
const durable = await target('durable', true, N + 5_000);
console.error('fixtures: durable ready');
const memory = await target('memory', false, N + 40_000);
console.error('fixtures: in-memory ready');
try {
  const rows: string[] = [];
  const c1 = await createBench(durable);
  const c2 = await createBench(memory);
  rows.push(`create plugin   durable ${c1.rps.toFixed(0).padStart(7)} req/s   in-memory ${c2.rps.toFixed(0).padStart(7)} req/s   ratio ${(c1.rps / c2.rps).toFixed(2)}`);
  const g1 = await getBench(durable, c1.created);
  const g2 = await getBench(memory, c2.created);
  rows.push(`get plugin      durable ${g1.toFixed(0).padStart(7)} req/s   in-memory ${g2.toFixed(0).padStart(7)} req/s   ratio ${(g1 / g2).toFixed(2)}`);
  // Trim each control plane to exactly N plugins, then list them all.
  for (const t of [durable, memory]) {
    const cpId = t.ce.split('/')[3]!;
    t.store.write(() => {
      let page = t.mock.engine.list(cpId, 'plugins', { size: '1000' });
      while (page.ok && page.value.data.length) {
        for (const p of page.value.data) t.mock.engine.delete(cpId, 'plugins', p.id);
        page = t.mock.engine.list(cpId, 'plugins', { size: '1000' });
      }
    });
    await fill(t, N);
  }
  for (const size of [1000, 100]) {
    const l1 = await listAll(durable, size);
    const l2 = await listAll(memory, size);
    if (l1.count !== N || l2.count !== N) throw new Error(`listed ${l1.count}/${l2.count}, expected ${N}`);
    rows.push(
      `list ${N} plugins (size=${size}, ${l1.pages} pages)  durable ${l1.ms.toFixed(0)} ms   in-memory ${l2.ms.toFixed(0)} ms   ratio ${(l1.ms / l2.ms).toFixed(2)}   target < 1000 ms: ${l1.ms < 1000 && l2.ms < 1000 ? 'met' : 'MISSED'}`,
    );
  }
  console.log(`mock-konnect, ${CONNECTIONS} connections, ${DURATION} s per row (autocannon)`);
  for (const r of rows) console.log(`  ${r}`);
  if (c1.errors || c2.errors) console.log(`  (non-2xx during create: durable ${c1.errors}, in-memory ${c2.errors})`);
} finally {
  await durable.mock.close();
  await memory.mock.close();
  if (durable.dir) rmSync(durable.dir, { recursive: true, force: true });
}
