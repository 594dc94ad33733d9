// Fail closed, end to end over real HTTP (bin/ai-gateway in front of bin/mock-tgi): a plugin
// Kong would run and this gateway does not (ai-semantic-cache, rate-limiting, zipkin) makes
// the requests it applies to — by Kong's scoping and precedence — a 500 naming it, never
// proxied; other routes keep working; a disabled one is ignored; the log says it once per
// plugin; /status and explain (HTTP and CLI) list it. Needs `make build`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { RecordedRequest, StartedProcess } from '../../testing/tgi/index.js';
import { json, send } from './client.js';
import { ROOT, startGatewayProcess, startTgi, tempFile, TOKEN } from './harness.js';

const run = promisify(execFile);

const AI_PROXY = `
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              llm_format: huggingface
              auth: { header_name: Authorization, header_value: Bearer \${{ env "DECK_HUGGINGFACE_TOKEN" }} }
              model: { provider: huggingface, name: m, options: { upstream_url: "\${{ env "DECK_TGI_URL" }}" } }`;

const SCOPED = `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:
      - name: guarded
        paths: [/a]
        plugins:
          - name: ai-semantic-cache
            config: { deny_patterns: [".*forbidden.*"] }${AI_PROXY}
      - name: open
        paths: [/b]
        plugins:${AI_PROXY}
      - name: disabled-guard
        paths: [/c]
        plugins:
          - name: ai-semantic-cache
            enabled: false
            config: { deny_patterns: [".*"] }${AI_PROXY}
      - name: keyed
        paths: [/k]
        plugins:
          - name: key-auth
            config: { key_names: [apikey] }${AI_PROXY}
consumers:
  - username: alice
    keyauth_credentials: [{ key: alice-key }]
    plugins:
      - name: rate-limiting
        config: { minute: 5 }
  - username: bob
    keyauth_credentials: [{ key: bob-key }]
`;

const GLOBAL = `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:8080
    routes:
      - name: one
        paths: [/one]
        plugins:${AI_PROXY}
      - name: two
        paths: [/two]
        plugins:${AI_PROXY}
plugins:
  - name: zipkin
    config: { sample_ratio: 1 }
`;

const started: StartedProcess[] = [];
let TGI: string;
let scoped: StartedProcess;
let scopedConfig: string;
let GW: string;
let STATUS: string;
let globalGw: StartedProcess;

const requests = async (): Promise<RecordedRequest[]> => (await (await fetch(`${TGI}/__requests`)).json()) as RecordedRequest[];
const reached = async (marker: string) => (await requests()).some((r) => r.body.includes(marker));
const generate = (base: string, path: string, marker: string, headers: Record<string, string> = {}) =>
  send(`${base}${path}/generate`, { body: JSON.stringify({ inputs: marker, parameters: { max_new_tokens: 3 } }), headers: { accept: 'application/json', ...headers } });

before(async () => {
  const tgi = await startTgi();
  started.push(tgi);
  TGI = tgi.listeners.get('mock-tgi')!;
  const env = { DECK_HUGGINGFACE_TOKEN: TOKEN, DECK_TGI_URL: TGI };
  scopedConfig = tempFile('kong.yaml', SCOPED);
  scoped = await startGatewayProcess(scopedConfig, env);
  started.push(scoped);
  GW = scoped.listeners.get('proxy')!;
  STATUS = scoped.listeners.get('status')!;
  globalGw = await startGatewayProcess(tempFile('kong.yaml', GLOBAL), env);
  started.push(globalGw);
});

after(async () => {
  await Promise.all(started.map((p) => p.kill()));
});

describe('a plugin Kong would run and this gateway does not fails closed', () => {
  it('route A with ai-semantic-cache: 500 naming the plugin, in Kong\'s error template, and the upstream is never called', async () => {
    const r = await generate(GW, '/a', 'marker-route-a-guarded');
    assert.equal(r.status, 500);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const body = json(r) as { message: string; request_id: string };
    assert.equal(body.message, "plugin 'ai-semantic-cache' is configured for this request but not supported by this gateway");
    assert.equal(body.request_id, r.headers['x-kong-request-id']);
    assert.equal(await reached('marker-route-a-guarded'), false, 'the request must not reach the upstream');
  });

  it('route B (no such plugin) and route C (the plugin disabled) still proxy', async () => {
    const b = await generate(GW, '/b', 'marker-route-b-open');
    assert.equal(b.status, 200, b.body.toString());
    assert.equal(await reached('marker-route-b-open'), true);
    const c = await generate(GW, '/c', 'marker-route-c-disabled');
    assert.equal(c.status, 200, c.body.toString());
    assert.equal(await reached('marker-route-c-disabled'), true);
  });

  it('a consumer-scoped one stops only that consumer (scoping after key-auth, as Kong)', async () => {
    const alice = await generate(GW, '/k', 'marker-alice', { apikey: 'alice-key' });
    assert.equal(alice.status, 500);
    assert.match((json(alice) as { message: string }).message, /^plugin 'rate-limiting' is configured/);
    assert.equal(await reached('marker-alice'), false);
    const bob = await generate(GW, '/k', 'marker-bob', { apikey: 'bob-key' });
    assert.equal(bob.status, 200, bob.body.toString());
    const nobody = await generate(GW, '/k', 'marker-nobody');
    assert.equal(nobody.status, 401, 'key-auth answers first');
  });

  it('logs once per plugin, however many requests it refuses', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await generate(GW, '/a', `marker-again-${i}`)).status, 500);
    await scoped.waitForLine(/plugin 'ai-semantic-cache' \(.*route .*\) is configured but this gateway does not run it/, 5_000);
    const lines = scoped.stderr().split('\n');
    assert.equal(lines.filter((l) => l.includes("plugin 'ai-semantic-cache' (") && l.includes('does not run it')).length, 1, scoped.stderr());
    assert.equal(lines.filter((l) => l.includes("plugin 'rate-limiting' (") && l.includes('does not run it')).length, 1, scoped.stderr());
    // and at load, one warning naming both
    assert.ok(lines.some((l) => /warning: revision 1 configures 2 plugins this gateway does not run: 'ai-semantic-cache'.*'rate-limiting'/.test(l)), scoped.stderr());
    assert.ok(!scoped.stderr().includes(TOKEN));
  });

  it('a global one refuses every route', async () => {
    const gw = globalGw.listeners.get('proxy')!;
    for (const path of ['/one', '/two']) {
      const r = await generate(gw, path, `marker-global${path}`);
      assert.equal(r.status, 500);
      assert.equal((json(r) as { message: string }).message, "plugin 'zipkin' is configured for this request but not supported by this gateway");
      assert.equal(await reached(`marker-global${path}`), false);
    }
    // Kong's other templates carry the same message
    const text = await send(`${gw}/one/generate`, { body: '{"inputs":"x"}', headers: { accept: 'text/plain' } });
    assert.equal(text.status, 500);
    assert.match(text.body.toString(), /^plugin 'zipkin' is configured for this request but not supported by this gateway\nrequest_id: [0-9a-f]{32}\n$/);
  });

  it('/status lists them with where they apply (the disabled one is not listed)', async () => {
    const status = (await (await fetch(`${STATUS}/status`)).json()) as { configuration: { unsupported_plugins: { name: string; scope: string; route: { name: string } | null; consumer: { username: string } | null; effect: string }[] } };
    const list = status.configuration.unsupported_plugins;
    assert.deepEqual(
      list.map((p) => [p.name, p.scope, p.route?.name ?? null, p.consumer?.username ?? null]),
      [
        ['ai-semantic-cache', 'route', 'guarded', null],
        ['rate-limiting', 'consumer', null, 'alice'],
      ],
    );
    assert.match(list[0]!.effect, /answered 500 and not proxied/);
    const global = (await (await fetch(`${globalGw.listeners.get('status')}/status`)).json()) as typeof status;
    assert.match(global.configuration.unsupported_plugins[0]!.effect, /every route/);
  });

  it('GET /explain and `ai-gateway explain` say the request is refused and by which plugin', async () => {
    const http = (await (await fetch(`${STATUS}/explain?method=POST&path=/a/generate`)).json()) as { verdict: string; unsupported: { name: string; applies: boolean; reason: string }[] };
    assert.match(http.verdict, /^500 .*plugin 'ai-semantic-cache' is configured for this request but not supported by this gateway/);
    assert.deepEqual(http.unsupported.filter((u) => u.applies).map((u) => u.name), ['ai-semantic-cache']);
    const other = (await (await fetch(`${STATUS}/explain?method=POST&path=/b/generate`)).json()) as typeof http;
    assert.doesNotMatch(other.verdict, /^500/);
    assert.ok(other.unsupported.every((u) => !u.applies));
    assert.match(other.unsupported.find((u) => u.name === 'ai-semantic-cache')!.reason, /scoped to route 'guarded'/);

    const env = { ...process.env, DECK_HUGGINGFACE_TOKEN: TOKEN, DECK_TGI_URL: TGI };
    const cli = await run(join(ROOT, 'bin/ai-gateway'), ['explain', '--config', scopedConfig, '--method', 'POST', '--path', '/k/generate', '--header', 'apikey:alice-key'], { env });
    assert.match(cli.stdout, /verdict: +500 .*plugin 'rate-limiting' is configured for this request/);
    assert.match(cli.stdout, /plugins this gateway does not run \(\d+\):\n(.*\n)*\s+- rate-limiting .*applies at level 8 \(consumer\)/);
    assert.ok(!cli.stdout.includes(TOKEN));
  });
});
