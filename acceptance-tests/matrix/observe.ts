// One cell of the matrix: run ai-gateway on a system's configuration, ask `explain` (the status
// listener's /explain, and the `ai-gateway explain` command reading the same source) which
// ai-proxy runs for alice's request, send POST /hf/generate and
// /hf/generate_stream, and read what the local TGI received for each.
import assert from 'node:assert/strict';
import { REPO_ROOT, runCommand, startProcess } from '../../src/testing/index.js';
import type { RecordedRequest } from '../../src/testing/tgi/index.js';
import type { Launch } from './systems.js';

const GATEWAY = `${REPO_ROOT}/bin/ai-gateway`;
export const REQUEST = { method: 'POST', headers: { apikey: 'alice-key', 'content-type': 'application/json' } } as const;
export const BODY = '{"inputs":"Which ai-proxy runs?","parameters":{"max_new_tokens":4}}';

/** What identifies the ai-proxy instance across systems (ids differ from system to system). */
export interface Instance {
  readonly name: string;
  readonly scope: string;
  readonly level: number | null;
  readonly enabled: boolean;
  readonly consumer: string | null;
}

/** What the TGI received, minus what differs between any two gateway processes by design. */
export interface Upstream {
  readonly method: string;
  readonly url: string;
  readonly authorization: string;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly bodyBase64: string;
}

/** Headers that carry per-process or per-request values (ids, the proxy's own port). */
const VARYING = new Set(['x-forwarded-port', 'x-kong-request-id', 'kong-request-id', 'x-request-id', 'traceparent', 'x-forwarded-host']);

export interface Observation {
  readonly instance: Instance;
  readonly cliInstance: Instance;
  readonly generate: { status: number; upstream: Upstream };
  readonly stream: { status: number; upstream: Upstream; text: string };
}

interface ExplainJson {
  readonly aiProxy: { name: string; scope: string; level: number | null; enabled: boolean } | null;
  readonly consumer: { username: string | null } | null;
  readonly verdict: string;
}

const instanceOf = (r: ExplainJson, where: string): Instance => {
  assert.ok(r.aiProxy, `${where}: no ai-proxy runs (${r.verdict})`);
  return { name: r.aiProxy.name, scope: r.aiProxy.scope, level: r.aiProxy.level, enabled: r.aiProxy.enabled, consumer: r.consumer?.username ?? null };
};

/** Headers whose value is an entity id: each system made its own consumer and credential, so
 *  the value must be an id (compared as `<uuid>`), not the same id. */
const ID_HEADERS = new Set(['x-consumer-id', 'x-credential-identifier']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const upstreamOf = (r: RecordedRequest): Upstream => ({
  method: r.method,
  url: r.url,
  authorization: r.authorization,
  headers: Object.fromEntries(
    Object.entries(r.headers)
      .filter(([k]) => !VARYING.has(k))
      .map(([k, v]) => [k, ID_HEADERS.has(k) && typeof v === 'string' && UUID.test(v) ? '<uuid>' : v]),
  ),
  bodyBase64: r.bodyBase64,
});

async function lastTgiRequest(tgiUrl: string, path: string): Promise<RecordedRequest> {
  const log = (await (await fetch(`${tgiUrl}/__requests`)).json()) as RecordedRequest[];
  const r = log.filter((x) => x.url === path).at(-1);
  assert.ok(r, `the TGI received no ${path}`);
  return r;
}

export async function observe(where: string, launch: Launch, tgiUrl: string): Promise<Observation> {
  const env = { ...process.env, ...(launch.env ?? {}) };
  const gw = startProcess(GATEWAY, [...launch.source, '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0', '--workers', '1'], { env });
  try {
    const listeners: Record<string, string> = {};
    const names = ['proxy', 'status', ...(launch.source.includes('--admin-listen') ? ['admin-api'] : [])];
    for (const n of names) listeners[n] = /(http:\/\/\S+)$/.exec(await gw.waitForLine(new RegExp(`^${n} listening on http://\\S+$`), 30_000))![1]!;
    await launch.afterStart?.(listeners);

    const q = new URLSearchParams({ method: 'POST', path: '/hf/generate', header: 'apikey:alice-key' });
    const explained = (await (await fetch(`${listeners.status}/explain?${q}`)).json()) as ExplainJson;
    const instance = instanceOf(explained, `${where} /explain`);
    // The same source read by `ai-gateway explain` in a process of its own.
    const cli = await runCommand(GATEWAY, ['explain', ...launch.source, '--method', 'POST', '--path', '/hf/generate', '--header', 'apikey:alice-key', '--json'], { env, timeoutMs: 30_000 });
    assert.equal(cli.code, 0, `${where}: ai-gateway explain: ${cli.stderr}`);
    const cliInstance = instanceOf(JSON.parse(cli.stdout) as ExplainJson, `${where} ai-gateway explain`);

    const proxy = listeners.proxy!;
    const g = await fetch(`${proxy}/hf/generate`, { ...REQUEST, body: BODY });
    const gText = await g.text();
    assert.equal(g.status, 200, `${where} /generate: ${gText}`);
    const generate = { status: g.status, upstream: upstreamOf(await lastTgiRequest(tgiUrl, '/generate')) };
    const s = await fetch(`${proxy}/hf/generate_stream`, { ...REQUEST, body: BODY });
    const sText = await s.text();
    assert.equal(s.status, 200, `${where} /generate_stream: ${sText}`);
    const stream = { status: s.status, upstream: upstreamOf(await lastTgiRequest(tgiUrl, '/generate_stream')), text: sText };
    return { instance, cliInstance, generate, stream };
  } finally {
    await gw.kill();
  }
}
