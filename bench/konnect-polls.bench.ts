// Konnect-fed nodes polling one control plane: requests each node sends the (mock) Konnect per
// minute while nothing changes, reading everything every poll (as before) against asking the
// expected config hash first, side by side in one run. Nodes are KonnectSource instances in
// this process against one in-process mock Konnect; the control plane holds the seed's
// entities plus GROUPS consumer groups (each group costs one more request per full read). The
// figure per minute is for the default --poll-interval 5s (measured at POLL_MS and scaled).
import { MemoryStore } from '../src/kong-entities/index.js';
import { DEFAULT_DEV_TOKEN, MockKonnect } from '../src/mock-konnect/index.js';
import { KonnectSource } from '../src/gateway/sources/konnect/index.js';

const NODES = Number(process.env.BENCH_NODES ?? 3);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 3);

const mock = new MockKonnect({ store: new MemoryStore(), tokens: [DEFAULT_DEV_TOKEN] });
const base = await mock.listen('127.0.0.1', 0);
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${DEFAULT_DEV_TOKEN}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return (await res.json().catch(() => undefined)) as Record<string, unknown>;
};
const cp = (await call('POST', '/v2/control-planes', { name: 'bench' })).id as string;
const ce = `/v2/control-planes/${cp}/core-entities`;
const svc = (await call('POST', `${ce}/services`, { name: 'hf', host: 'example.com' })).id as string;
await call('POST', `${ce}/routes`, { name: 'hf', paths: ['/hf'], service: { id: svc } });
await call('POST', `${ce}/consumers`, { username: 'alice' });
for (let i = 0; i < GROUPS; i++) await call('POST', `${ce}/consumer_groups`, { name: `g${i}` });
const config = { route_type: 'llm/v1/chat', llm_format: 'huggingface', auth: { header_name: 'Authorization', header_value: 'Bearer hf_x' }, model: { provider: 'huggingface', name: 'm' } };
await call('POST', `${ce}/plugins`, { name: 'ai-proxy', config });

async function run(cheapPolls: boolean): Promise<{ perMinuteAt5s: number; perPoll: number; bytes: number }> {
  const sources = Array.from({ length: NODES }, () => new KonnectSource({ serverUrl: base, token: DEFAULT_DEV_TOKEN, controlPlane: cp, pollIntervalMs: POLL_MS, cheapPolls }));
  for (const s of sources) await s.start({ onSnapshot: () => {}, onError: () => {} });
  await fetch(`${base}/_mock/requests`, { method: 'DELETE' });
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const log = ((await (await fetch(`${base}/_mock/requests`)).json()) as { data: unknown[] }).data;
  const polls = sources.reduce((n, s) => n + s.status().polls!.unchanged + s.status().polls!.fullReads, 0) - NODES; // minus the start
  for (const s of sources) await s.stop();
  const perPoll = log.length / Math.max(1, polls);
  return { perPoll, perMinuteAt5s: perPoll * 12, bytes: JSON.stringify(log).length };
}

const before = await run(false);
const after = await run(true);
await mock.close();
console.log(`konnect polls: ${NODES} nodes, control plane with ${GROUPS} consumer groups, ${SECONDS} s at ${POLL_MS} ms per poll`);
console.log(`| per node, nothing changing | requests per poll | requests per minute at --poll-interval 5s |`);
console.log(`|---|---|---|`);
console.log(`| full read every poll (before) | ${before.perPoll.toFixed(2)} | ${before.perMinuteAt5s.toFixed(1)} |`);
console.log(`| expected config hash first (after) | ${after.perPoll.toFixed(2)} | ${after.perMinuteAt5s.toFixed(1)} (a full read every 60th poll: 5 min) |`);
console.log(`ratio after/before: ${(after.perPoll / before.perPoll).toFixed(3)}×`);
