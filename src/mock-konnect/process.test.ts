// The built bin/mock-konnect as a process: the seed's Konnect curl commands run unchanged
// against it (placeholders filled, region kept as a path prefix), start-up time, and kill -9
// durability with --data.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { killStartedProcesses, REPO_ROOT, runCommand, startServer, tempDir } from '../testing/index.js';
import { DEFAULT_DEV_TOKEN } from './index.js';

const BIN = join(REPO_ROOT, 'bin', 'mock-konnect');
const built = existsSync(join(REPO_ROOT, 'dist', 'mock-konnect.mjs'));
const skip = built ? false : 'dist/mock-konnect.mjs is missing: run make build';
const HF_TOKEN = 'hf_seed_test_token_0123456789';

after(killStartedProcesses);

async function api(base: string, method: string, path: string, body?: unknown) {
  const res = await request(base + path, {
    method: method as 'GET',
    headers: { authorization: `Bearer ${DEFAULT_DEV_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? (JSON.parse(text) as any) : undefined };
}

/** The seed's `curl -X POST https://{region}.api.konghq.com/…` commands, whole. */
function seedKonnectCurls(): string[] {
  const text = readFileSync(join(REPO_ROOT, 'examples', 'seed', 'native-huggingface-api-route.txt'), 'utf8');
  const out: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('curl -X POST https://{region}.api.konghq.com/')) continue;
    const cmd: string[] = [];
    let quotes = 0;
    for (let j = i; j < lines.length; j++) {
      cmd.push(lines[j]!);
      quotes += (lines[j]!.match(/'/g) ?? []).length;
      if (j > i && lines[j]!.trim() === "'" && quotes % 2 === 0) break;
    }
    out.push(cmd.join('\n'));
  }
  return out;
}

test('every seed Konnect curl command creates what it says', { skip }, async () => {
  const curls = seedKonnectCurls();
  assert.equal(curls.length, 5, 'global, service, route, consumer and consumer-group scopes');
  const { process: proc, url } = await startServer(BIN, ['--listen', '127.0.0.1:0', '--in-memory'], 'mock-konnect');
  const cp = (await api(url, 'POST', '/v2/control-planes', { name: 'seed' })).body;
  const ce = `/v2/control-planes/${cp.id}/core-entities`;
  const ids: Record<string, string> = {
    serviceId: (await api(url, 'POST', `${ce}/services`, { name: 'svc', host: 'example.com' })).body.id,
    consumerId: (await api(url, 'POST', `${ce}/consumers`, { username: 'alice' })).body.id,
    consumerGroupId: (await api(url, 'POST', `${ce}/consumer_groups`, { name: 'gold' })).body.id,
  };
  ids.routeId = (await api(url, 'POST', `${ce}/routes`, { paths: ['/gen'], service: { id: ids.serviceId } })).body.id;
  const scopes: Record<string, string | undefined> = {};
  for (const curl of curls) {
    const filled = curl
      .replace('https://{region}.api.konghq.com', `${url}/us`)
      .replace('{controlPlaneId}', cp.id)
      .replace(/\{(serviceId|routeId|consumerId|consumerGroupId)\}/, (_, k: string) => ids[k]!);
    const r = await runCommand('bash', ['-c', filled], {
      env: { PATH: process.env.PATH, KONNECT_TOKEN: DEFAULT_DEV_TOKEN, HUGGINGFACE_TOKEN: HF_TOKEN },
      timeoutMs: 20_000,
    });
    assert.equal(r.code, 0, r.stderr);
    const plugin = JSON.parse(r.stdout);
    assert.equal(plugin.name, 'ai-proxy', r.stdout.slice(0, 300));
    assert.equal(plugin.config.auth.header_value, `Bearer ${HF_TOKEN}`);
    assert.equal(plugin.config.llm_format, 'huggingface');
    assert.deepEqual(plugin.tags, []);
    const scope = (['service', 'route', 'consumer', 'consumer_group'] as const).find((s) => plugin[s] !== null);
    scopes[scope ?? 'global'] = scope ? plugin[scope].id : plugin.id;
  }
  assert.deepEqual(Object.keys(scopes).sort(), ['consumer', 'consumer_group', 'global', 'route', 'service']);
  assert.equal(scopes.service, ids.serviceId);
  assert.equal(scopes.consumer_group, ids.consumerGroupId);
  const listed = await api(url, 'GET', `${ce}/plugins`);
  assert.equal(listed.body.data.length, 5);
  // the request log holds all five bodies, with the Hugging Face token redacted
  const log = JSON.stringify((await request(`${url}/_mock/requests`).then((r) => r.body.json())) as object);
  assert.ok(!log.includes(HF_TOKEN) && !log.includes(DEFAULT_DEV_TOKEN));
  await proc.kill();
});

test('starts quickly; an acknowledged write survives kill -9 and a restart', { skip }, async () => {
  const dir = tempDir('mock-konnect-data-');
  try {
    const t0 = performance.now();
    const first = await startServer(BIN, ['--listen', '127.0.0.1:0', '--data', dir.path], 'mock-konnect');
    const startMs = performance.now() - t0;
    assert.ok(startMs < 3000, `started in ${startMs.toFixed(0)} ms`);
    const cp = (await api(first.url, 'POST', '/v2/control-planes', { name: 'durable' })).body;
    const ce = `/v2/control-planes/${cp.id}/core-entities`;
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api(first.url, 'POST', `${ce}/consumers`, { username: `c${i}` })),
    );
    const plugin = await api(first.url, 'POST', `${ce}/plugins`, {
      name: 'ai-proxy',
      config: { route_type: 'llm/v1/chat', model: { provider: 'huggingface', name: 'm' } },
    });
    assert.equal(plugin.status, 201);
    await first.process.kill('SIGKILL', 0);
    assert.equal(await first.process.exited(), 'SIGKILL');
    const second = await startServer(BIN, ['--listen', '127.0.0.1:0', '--data', dir.path], 'mock-konnect');
    assert.deepEqual((await api(second.url, 'GET', `/v2/control-planes/${cp.id}`)).body, cp);
    assert.deepEqual((await api(second.url, 'GET', `${ce}/plugins/${plugin.body.id}`)).body, plugin.body);
    const consumers = (await api(second.url, 'GET', `${ce}/consumers?size=1000`)).body.data as { id: string }[];
    assert.deepEqual(new Set(consumers.map((c) => c.id)), new Set(created.map((c) => c.body.id)));
    await second.process.kill();
  } finally {
    dir.remove();
  }
});

test('--help documents every flag; bad flags name the flag', { skip }, async () => {
  const help = await runCommand(BIN, ['--help']);
  assert.equal(help.code, 0);
  for (const flag of ['--listen', '--data', '--in-memory', '--token', '--fail-rate', '--fail-status', '--latency', DEFAULT_DEV_TOKEN])
    assert.ok(help.stdout.includes(flag), flag);
  const bad = await runCommand(BIN, ['--fail-status', '404', '--in-memory']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--fail-status/);
  const badToken = await runCommand(BIN, ['--token', 'secret123', '--in-memory']);
  assert.equal(badToken.code, 2);
  assert.ok(!badToken.stderr.includes('secret123'));
});
