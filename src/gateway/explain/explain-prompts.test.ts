// explain lists the ai-prompt-decorator and ai-prompt-guard instances that run on a request (the
// proxy's own decision, decide.ts), with what each does, and the 500 when they cannot run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePlugin } from '../../schemas/index.js';
import type { Plugin, Route, Service } from '../../schemas/entities.js';
import type { ConfigSnapshot } from '../config/snapshot.js';
import { explainRequest, formatReport } from './index.js';

const ts = { created_at: 1, updated_at: 1 };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const SVC = uuid(1), CHAT = uuid(2), PLAIN = uuid(3);

const service = { id: SVC, name: 'llm', protocol: 'http', host: 'localhost', port: 8080, path: null, retries: 5, connect_timeout: 60000, write_timeout: 60000, read_timeout: 60000, tags: null, client_certificate: null, tls_verify: null, tls_verify_depth: null, ca_certificates: null, enabled: true, ...ts } satisfies Service;
const route = (id: string, name: string, path: string) =>
  ({ id, name, protocols: ['http', 'https'], methods: null, hosts: null, paths: [path], headers: null, https_redirect_status_code: 426, regex_priority: 0, strip_path: true, path_handling: 'v0', preserve_host: false, request_buffering: true, response_buffering: true, snis: null, sources: null, destinations: null, tags: null, service: { id: SVC }, ...ts }) satisfies Route;

function plugin(n: number, name: string, config: Record<string, unknown>, refs: Partial<Record<'route' | 'service', string>>): Plugin {
  const res = validatePlugin({ id: uuid(n), name, config, ...Object.fromEntries(Object.entries(refs).map(([k, v]) => [k, { id: v }])) });
  assert.ok(res.ok, JSON.stringify(res));
  return res.value;
}

const snapshot: ConfigSnapshot = {
  origin: { kind: 'deck', location: 'kong.yaml' },
  revision: 1,
  loadedAt: new Date(),
  services: [service],
  routes: [route(CHAT, 'chat', '/chat'), route(PLAIN, 'plain', '/plain')],
  consumers: [],
  consumerGroups: [],
  consumerGroupMembers: [],
  keyAuthCredentials: [],
  plugins: [
    plugin(10, 'ai-proxy', { route_type: 'llm/v1/chat', auth: { header_name: 'Authorization', header_value: 'Bearer sk-explain-Secret' }, model: { provider: 'openai', name: 'gpt' } }, { route: CHAT }),
    plugin(11, 'ai-prompt-guard', { deny_patterns: ['a', 'b'], allow_patterns: ['c'] }, { service: SVC }),
    plugin(12, 'ai-prompt-decorator', { prompts: { prepend: [{ content: 'p' }] } }, { service: SVC }),
    plugin(13, 'ai-prompt-decorator', { prompts: { prepend: [{ content: 'p' }], append: [{ content: 'a1' }, { content: 'a2' }] } }, { route: CHAT }),
  ],
};

test('explain: the decorator (route beats service) then the guard, each with what it does', () => {
  const r = explainRequest(snapshot, { method: 'POST', path: '/chat' });
  assert.deepEqual(r.prompts.map((p) => [p.name, p.id, p.scope]), [
    ['ai-prompt-decorator', uuid(13), 'route'],
    ['ai-prompt-guard', uuid(11), 'service'],
  ]);
  assert.equal(r.prompts[0]!.effect, 'prepends 1 and appends 2 chat message(s) before the driver translates the body; a body without messages is answered 400');
  assert.equal(r.prompts[1]!.effect, `checks all 'user' messages (newest first), after decoration, against 2 deny and 1 allow pattern(s); a refusal is 400 {"error":{"message":"bad request"}}`);
  assert.match(r.verdict, /^ai-proxy .* runs$/);
  assert.notEqual(r.upstream, null);
  const text = formatReport(r);
  assert.match(text, /\n {2}decorator: 0+-0+-4000-8000-0+13 \[route, level \d+\] route=.*: prepends 1 and appends 2/);
  assert.match(text, /\n {2}guard: {5}0+-0+-4000-8000-0+11 \[service, level \d+\] service=.*: checks all 'user' messages/);
  assert.ok(!text.includes('sk-explain-Secret'));
});

test('explain: a guard and decorator on a route without ai-proxy is the 500 the proxy answers, and no upstream', () => {
  const r = explainRequest(snapshot, { method: 'POST', path: '/plain' });
  assert.equal(
    r.verdict,
    `500 {"message":"plugin 'ai-prompt-decorator' and 'ai-prompt-guard' are configured for this request but no ai-proxy or ai-proxy-advanced plugin applies to it; add an ai-proxy or ai-proxy-advanced plugin to the route, or remove 'ai-prompt-decorator' and 'ai-prompt-guard'"}: the prompt plugins cannot run faithfully here, so the request is refused instead of proxied`,
  );
  assert.equal(r.upstream, null);
});
