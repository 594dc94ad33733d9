// `--kic -`: the seed's KIC manifests piped into bin/ai-gateway the way the seed pipes them into
// `kubectl apply -f -` (`echo "…" | …`, the shell having expanded $HUGGINGFACE_TOKEN), with the
// default worker count: the primary reads standard input once and hands the snapshot to every
// worker. Also through `ai-gateway explain --kic -`: the warnings for a header_value only a shell
// would have filled in, and a KongPlugin that no annotation attaches.
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { after, test } from 'node:test';
import { killStartedProcesses, REPO_ROOT, runCommand, startProcess, startServer } from '../../src/testing/index.js';
import type { RecordedRequest } from '../../src/testing/tgi/index.js';
import { yamlWithUpstream } from '../matrix/config-text.js';
import { SEED } from './seed.js';

after(killStartedProcesses);

const HF_TOKEN = 'hf_kic_stdin_Secret_3e9d';
const bin = (name: string) => `${REPO_ROOT}/bin/${name}`;
const seedKic = (scope: 'global' | 'route') => SEED.find((s) => s.scope === scope)!.kic;

/** The Service and Ingress the seed's cluster already has; `plugins` is what `kubectl annotate` would have left. */
function objects(tgiPort: string, plugins?: string): string {
  return `apiVersion: v1
kind: Service
metadata: { name: hf, namespace: kong }
spec: { ports: [{ port: ${tgiPort} }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: hf-route
  namespace: kong${plugins ? `\n  annotations: { konghq.com/plugins: ${plugins} }` : ''}
spec:
  ingressClassName: kong
  rules: [{ http: { paths: [{ path: /hf, pathType: Prefix, backend: { service: { name: hf, port: { number: ${tgiPort} } } } }] } }]
`;
}

test('--kic - serves the manifests piped on standard input, on every worker; SIGHUP says stdin cannot be read again', { timeout: 90_000 }, async (t) => {
  const tgi = await startServer(bin('mock-tgi'), ['--listen', '127.0.0.1:0', '--token', HF_TOKEN], 'mock-tgi');
  const port = new URL(tgi.url).port;
  // echo "…" has expanded $HUGGINGFACE_TOKEN; the only addition to the seed's text is upstream_url.
  const input = `${yamlWithUpstream(seedKic('global'), tgi.url).replaceAll('$HUGGINGFACE_TOKEN', HF_TOKEN)}\n---\n${objects(port)}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['AI_GATEWAY_WORKERS'];
  const gw = startProcess(bin('ai-gateway'), ['--kic', '-', '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0'], { env, input });
  const proxy = /(http:\/\/\S+)/.exec(await gw.waitForLine(/^proxy listening on http:\/\/\S+$/, 30_000))![1]!;
  const status = /(http:\/\/\S+)/.exec(await gw.waitForLine(/^status listening on http:\/\/\S+$/, 30_000))![1]!;

  const workers = new Set<string>();
  for (let i = 0; i < 60 && (workers.size < Math.min(2, availableParallelism()) || i < 6); i++) {
    const res = await fetch(`${proxy}/hf/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ inputs: `from stdin ${i}`, parameters: { max_new_tokens: 2 } }),
    });
    assert.equal(res.status, 200, await res.text());
    workers.add(res.headers.get('x-kong-request-id')!.slice(0, 16));
  }
  t.diagnostic(`served by ${workers.size} worker(s)`);
  if (availableParallelism() >= 2) assert.ok(workers.size >= 2, 'every worker serves the configuration read from stdin');
  const seen = ((await (await fetch(`${tgi.url}/__requests`)).json()) as RecordedRequest[]).filter((r) => r.body.includes('from stdin'));
  assert.ok(seen.length >= 6 && seen.every((r) => r.authorization === 'valid'), 'the token from the piped manifest reached the TGI');

  const st = (await (await fetch(`${status}/status`)).json()) as { configuration: { source: string; location: string; plugins: number } };
  assert.deepEqual([st.configuration.source, st.configuration.location, st.configuration.plugins], ['kic', 'standard input', 1]);
  assert.match(gw.stderr(), /kic: manifests read from standard input; they cannot be watched or reloaded/);

  process.kill(gw.pid, 'SIGHUP');
  await gw.waitForLine(/kic: not reloaded: the manifests came from standard input, which can be read only once/, 10_000);
  const again = await fetch(`${proxy}/hf/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"inputs":"after SIGHUP"}' });
  assert.equal(again.status, 200, 'the configuration read from stdin stays in force');
  assert.doesNotMatch(gw.stderr(), /no such file or directory/);
  assert.ok(!gw.stdout().includes(HF_TOKEN) && !gw.stderr().includes(HF_TOKEN), 'the token is never printed');
  await gw.kill();
  await tgi.process.kill();
});

test('explain --kic -: a header_value only a shell would have filled in gets a warning naming the plugin and field, never the value', { timeout: 60_000 }, async () => {
  const explain = (input: string) => runCommand(bin('ai-gateway'), ['explain', '--kic', '-', '--method', 'POST', '--path', '/hf/generate'], { input, timeoutMs: 30_000 });

  // The manifest saved to a file (or a quoted heredoc): the shell never ran, $HUGGINGFACE_TOKEN is literal.
  const literal = await explain(`${yamlWithUpstream(seedKic('global'), 'http://127.0.0.1:9')}\n---\n${objects('80')}`);
  assert.equal(literal.code, 0, literal.stderr);
  const warnings = literal.stderr.split('\n').filter((l) => /header_value/.test(l));
  assert.equal(warnings.length, 1, literal.stderr);
  assert.match(warnings[0]!, /kic: warning: KongClusterPlugin ai-proxy: config\.auth\.header_value holds the literal text \$HUGGINGFACE_TOKEN, which only a shell expands/);

  // `echo "…"` with HUGGINGFACE_TOKEN unset: the shell left "Bearer " and nothing after it.
  const unset = await explain(`${yamlWithUpstream(seedKic('global'), 'http://127.0.0.1:9').replaceAll('$HUGGINGFACE_TOKEN', '')}\n---\n${objects('80')}`);
  assert.equal(unset.code, 0, unset.stderr);
  assert.match(unset.stderr, /kic: warning: KongClusterPlugin ai-proxy: config\.auth\.header_value is "Bearer " with nothing after it/);

  // Expanded with a real token: no warning, and the token appears nowhere.
  const good = await explain(`${yamlWithUpstream(seedKic('global'), 'http://127.0.0.1:9').replaceAll('$HUGGINGFACE_TOKEN', HF_TOKEN)}\n---\n${objects('80')}`);
  assert.equal(good.code, 0, good.stderr);
  assert.doesNotMatch(good.stderr, /header_value/);
  assert.ok(![literal, unset, good].some((r) => `${r.stdout}${r.stderr}`.includes(HF_TOKEN)));
});

test('explain --kic -: the seed\'s route KongPlugin applied without `kubectl annotate` is listed as not attached, with the command that attaches it', { timeout: 60_000 }, async () => {
  const manifests = `${yamlWithUpstream(seedKic('route'), 'http://127.0.0.1:9').replaceAll('$HUGGINGFACE_TOKEN', HF_TOKEN)}\n---\n${objects('80')}`;
  const text = await runCommand(bin('ai-gateway'), ['explain', '--kic', '-', '--method', 'POST', '--path', '/hf/generate'], { input: manifests, timeoutMs: 30_000 });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /ai-proxy: {2}none/);
  assert.match(text.stdout, /not attached \(1\):\n {4}- KongPlugin kong\/ai-proxy \(plugin ai-proxy\): named by no konghq\.com\/plugins annotation, so it applies to no request; attach it with\n {8}kubectl annotate ingress hf-route -n kong konghq\.com\/plugins=ai-proxy\n/);
  assert.match(text.stdout, /or kubectl annotate service <name> -n kong konghq\.com\/plugins=ai-proxy/);
  assert.match(text.stdout, /or kubectl annotate kongconsumer <name> -n kong konghq\.com\/plugins=ai-proxy/);
  assert.match(text.stderr, /kic: warning: KongPlugin kong\/ai-proxy is not attached to anything/);

  const json = await runCommand(bin('ai-gateway'), ['explain', '--kic', '-', '--method', 'POST', '--path', '/hf/generate', '--json'], { input: manifests, timeoutMs: 30_000 });
  const report = JSON.parse(json.stdout) as { notAttached: { object: string; plugin: string; fix: string[] }[] };
  assert.deepEqual(report.notAttached.map((u) => [u.object, u.plugin, u.fix[0]]), [['KongPlugin kong/ai-proxy', 'ai-proxy', 'kubectl annotate ingress hf-route -n kong konghq.com/plugins=ai-proxy']]);

  // After `kubectl annotate ingress hf-route … konghq.com/plugins=ai-proxy`: attached, nothing listed.
  const annotated = `${yamlWithUpstream(seedKic('route'), 'http://127.0.0.1:9').replaceAll('$HUGGINGFACE_TOKEN', HF_TOKEN)}\n---\n${objects('80', 'ai-proxy')}`;
  const ok = await runCommand(bin('ai-gateway'), ['explain', '--kic', '-', '--method', 'POST', '--path', '/hf/generate'], { input: annotated, timeoutMs: 30_000 });
  assert.equal(ok.code, 0, ok.stderr);
  assert.doesNotMatch(ok.stdout, /not attached/);
  assert.match(ok.stdout, /ai-proxy: {2}\S+ \[route, level 10\]/);
  for (const r of [text, json, ok]) assert.ok(!`${r.stdout}${r.stderr}`.includes(HF_TOKEN), 'no token in explain output');
});
