// ai-proxy-advanced from every configuration source (needs `make build`), table-driven: the same
// plugin — two targets, priority, failing over on http_500 with non_idempotent, every other
// balancer setting left to Kong's defaults — configured through decK, the gateway's Admin API,
// KIC manifests and Konnect (bin/mock-konnect), each accepted and validated by the one schema;
// then bin/ai-gateway proxies through it: the first target fails (mock-llm fault 500@src-a), the
// second serves; /explain shows the defaults filled (retries 5, 60000 ms timeouts).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startProcess, type StartedProcess } from '../../testing/tgi/index.js';
import { send } from './client.js';
import { ROOT, tempFile } from './harness.js';
import { startMockLlm, type MockLlmProcess } from './mock-llm-process.js';

const KONNECT_TOKEN = 'kpat_aipa_sources_Secret_3';
let mock: MockLlmProcess;
let konnect: StartedProcess;
const started: StartedProcess[] = [];

const aipaConfig = (up: string) => ({
  targets: [
    { route_type: 'llm/v1/chat', weight: 100, model: { provider: 'openai', name: 'src-a', options: { upstream_url: `${up}/v1/chat/completions` } } },
    { route_type: 'llm/v1/chat', weight: 50, model: { provider: 'openai', name: 'src-b', options: { upstream_url: `${up}/v1/chat/completions` } } },
  ],
  balancer: { algorithm: 'priority', failover_criteria: ['http_500', 'non_idempotent'] },
});

interface Launch {
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  readonly listeners?: readonly string[];
  readonly afterStart?: (listeners: Map<string, string>) => Promise<void>;
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ id: string }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  assert.equal(res.status, 201, `POST ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as { id: string };
}

const SYSTEMS: Record<string, () => Promise<Launch>> = {
  async deck() {
    const file = tempFile(
      'kong.yaml',
      `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:1
    routes:
      - name: aipa
        paths: [/aipa]
        plugins:
          - name: ai-proxy-advanced
            config: ${JSON.stringify(aipaConfig(mock.url))}
`,
    );
    return { args: ['--config', file] };
  },
  async 'admin-api'() {
    return {
      args: ['--admin-listen', '127.0.0.1:0', '--in-memory'],
      listeners: ['admin-api'],
      afterStart: async (l) => {
        const admin = l.get('admin-api')!;
        await post(admin, '/services', { name: 'llm', url: 'http://localhost:1' });
        await post(admin, '/services/llm/routes', { name: 'aipa', paths: ['/aipa'] });
        await post(admin, '/routes/aipa/plugins', { name: 'ai-proxy-advanced', config: aipaConfig(mock.url) });
      },
    };
  },
  async kic() {
    const dir = join(tempFile('x', ''), '..', 'kic');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'objects.yaml'),
      `apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata: { name: aipa, namespace: kong }
plugin: ai-proxy-advanced
config: ${JSON.stringify(aipaConfig(mock.url))}
---
apiVersion: v1
kind: Service
metadata: { name: llm, namespace: kong }
spec: { ports: [{ port: 80 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: aipa
  namespace: kong
  annotations:
    konghq.com/plugins: aipa
spec:
  ingressClassName: kong
  rules: [{ http: { paths: [{ path: /aipa, pathType: Prefix, backend: { service: { name: llm, port: { number: 80 } } } }] } }]
`,
    );
    return { args: ['--kic', dir] };
  },
  async konnect() {
    const url = konnect.listeners.get('mock-konnect')!;
    const auth = { authorization: `Bearer ${KONNECT_TOKEN}` };
    const cp = await post(url, '/v2/control-planes', { name: 'aipa-sources' }, auth);
    const base = `/v2/control-planes/${cp.id}/core-entities`;
    const service = await post(url, `${base}/services`, { name: 'llm', host: 'localhost', port: 1 }, auth);
    const route = await post(url, `${base}/routes`, { name: 'aipa', paths: ['/aipa'], service: { id: service.id } }, auth);
    await post(url, `${base}/plugins`, { name: 'ai-proxy-advanced', route: { id: route.id }, config: aipaConfig(mock.url) }, auth);
    return { args: ['--konnect-url', url, '--control-plane', 'aipa-sources', '--poll-interval', '60s'], env: { KONNECT_TOKEN } };
  },
};

before(async () => {
  mock = await startMockLlm([]);
  konnect = await startProcess(join(ROOT, 'bin/mock-konnect'), ['--listen', '127.0.0.1:0', '--in-memory', '--token', KONNECT_TOKEN], { listeners: ['mock-konnect'] });
});
after(async () => {
  await Promise.all([...started.map((p) => p.kill()), konnect?.kill(), mock?.proc.kill()]);
});

describe('ai-proxy-advanced from every configuration source', { concurrency: true }, () => {
  for (const [system, build] of Object.entries(SYSTEMS)) {
    it(system, async () => {
      const launch = await build();
      const gw = await startProcess(
        join(ROOT, 'bin/ai-gateway'),
        [...launch.args, '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0', '--workers', '1'],
        { env: { ...process.env, ...launch.env }, listeners: ['proxy', 'status', ...(launch.listeners ?? [])] },
      );
      started.push(gw);
      await launch.afterStart?.(gw.listeners);
      const GW = gw.listeners.get('proxy')!;
      const body = JSON.stringify({ messages: [{ role: 'user', content: 'from every source' }] });
      let r = await send(`${GW}/aipa`, { headers: { 'x-mock-fault': '500@src-a' }, body });
      for (let i = 0; i < 20 && r.status === 404; i++) {
        await new Promise((res) => setTimeout(res, 100)); // the Admin API's writes reach the proxy asynchronously
        r = await send(`${GW}/aipa`, { headers: { 'x-mock-fault': '500@src-a' }, body });
      }
      assert.equal(r.status, 200, r.body.toString('utf8'));
      assert.equal(r.headers['x-kong-llm-model'], 'openai/src-b', 'src-a answered 500: failed over to src-b');
      assert.match(gw.stderr(), /try 1 on targets\[0\] openai\/src-a .* failed: http_500 \(answered 500\) .*failing over to targets\[1\] openai\/src-b/);
      const explained = (await (await fetch(`${gw.listeners.get('status')}/explain?method=POST&path=/aipa`)).json()) as {
        balancer: { algorithm: string; retries: number; timeouts: { connect: number; read: number }; next: { target: string } };
      };
      assert.equal(explained.balancer.algorithm, 'priority');
      assert.equal(explained.balancer.retries, 5, "Kong's default, filled by the schema");
      assert.deepEqual(explained.balancer.timeouts, { connect: 60000, write: 60000, read: 60000 });
      assert.equal(explained.balancer.next.target, 'targets[0] openai/src-a');
      await gw.kill();
    });
  }
});
