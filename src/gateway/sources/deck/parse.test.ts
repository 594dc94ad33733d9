import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseDeck } from './parse.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../testing/tgi/fixtures/deck/${name}`, import.meta.url)), 'utf8');
const env = { DECK_HUGGINGFACE_TOKEN: 'hf_secret_value', DECK_TGI_URL: 'http://127.0.0.1:9' };

describe('decK kong.yaml', () => {
  it('loads the seed global configuration with defaults filled', () => {
    const r = parseDeck('kong.yaml', fixture('seed-global.yaml'), env);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    const { services, routes, plugins } = r.content;
    assert.equal(services[0]!.host, 'localhost');
    assert.equal(services[0]!.port, 8080);
    assert.equal(routes[0]!.service?.id, services[0]!.id);
    assert.equal(routes[0]!.strip_path, true);
    const p = plugins[0]!;
    assert.equal(p.route, null);
    assert.equal(p.service, null);
    const config = p.config as { auth: { header_value: string; allow_override: boolean }; response_streaming: string; logging: unknown };
    assert.equal(config.auth.header_value, 'Bearer hf_secret_value');
    assert.equal(config.auth.allow_override, false);
    assert.equal(config.response_streaming, 'allow');
    assert.deepEqual(config.logging, { log_statistics: false, log_payloads: false });
    assert.ok(Object.isFrozen(p));
  });

  it('resolves the seed scoped refs (service, route, consumer, consumer group) by name', () => {
    const r = parseDeck('kong.yaml', fixture('seed-scoped.yaml'), env);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    const { plugins, services, routes, consumers, consumerGroups, consumerGroupMembers, keyAuthCredentials } = r.content;
    assert.equal(plugins[0]!.service?.id, services[1]!.id);
    assert.equal(plugins[1]!.route?.id, routes[0]!.id);
    assert.equal(plugins[2]!.consumer?.id, consumers[0]!.id);
    assert.equal(plugins[3]!.consumer_group?.id, consumerGroups[0]!.id);
    assert.deepEqual(consumerGroupMembers, [{ consumer_group: { id: consumerGroups[0]!.id }, consumer: { id: consumers[0]!.id } }]);
    assert.equal(keyAuthCredentials[0]!.key, 'consumer-key');
  });

  it('gives nested plugins their parent scope and keeps ids stable across loads', () => {
    const text = `_format_version: "3.0"
services:
  - name: s
    url: http://x:1/base
    plugins: [{ name: key-auth }]
    routes:
      - name: r
        paths: [/r]
        plugins: [{ name: key-auth, config: { key_names: [apikey] } }]
`;
    const a = parseDeck('k.yaml', text, env);
    const b = parseDeck('k.yaml', text, env);
    assert.ok(a.ok && b.ok);
    assert.equal(a.content.plugins[0]!.service?.id, a.content.services[0]!.id);
    assert.equal(a.content.plugins[1]!.route?.id, a.content.routes[0]!.id);
    assert.equal(a.content.plugins[1]!.service, null);
    assert.equal(a.content.services[0]!.path, '/base');
    assert.deepEqual(a.content.plugins.map((p) => p.id), b.content.plugins.map((p) => p.id));
  });

  it('carries plugins it does not run (as the KIC and Konnect sources do) and still checks the ones it runs', () => {
    const text = `${fixture('seed-global.yaml')}\n  - name: rate-limiting\n    config: { minute: 5 }\n`;
    const r = parseDeck('kong.yaml', text, env);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    const names = r.content.plugins.map((p) => p.name).sort();
    assert.deepEqual(names, ['ai-proxy', 'rate-limiting']);
    assert.deepEqual(r.content.plugins.find((p) => p.name === 'rate-limiting')!.config, { minute: 5 });
    const bad = parseDeck('kong.yaml', `${text}  - name: key-auth\n    config: { key_names: 7 }\n`, env);
    assert.ok(!bad.ok);
    assert.match(bad.errors.join('\n'), /plugin key-auth\): config\.key_names/);
  });

  it('names the file, entity and field for schema errors, and never quotes a secret', () => {
    const text = fixture('seed-global.yaml').replace('provider: huggingface', 'provider: nope').replace('header_name: Authorization', 'header_name: 42');
    const r = parseDeck('kong.yaml', text, env);
    assert.ok(!r.ok);
    const all = r.errors.join('\n');
    assert.match(all, /kong\.yaml: plugins\[0\] \(plugin ai-proxy\): config\.model\.provider: expected one of: openai, .*huggingface/);
    assert.match(all, /config\.auth\.header_name: expected a string/);
    assert.ok(!all.includes('hf_secret_value'));
  });

  it('reports template errors with the line, bad refs, bad regex paths and a missing _format_version', () => {
    let r = parseDeck('kong.yaml', fixture('seed-global.yaml'), { DECK_TGI_URL: 'http://x' });
    assert.ok(!r.ok);
    assert.equal(r.errors[0], "kong.yaml:18: environment variable 'DECK_HUGGINGFACE_TOKEN' present in state file but not set");
    r = parseDeck('kong.yaml', 'services: []\nplugins:\n  - name: ai-proxy\n    route: ghost\n    config: {}\n', env);
    assert.ok(!r.ok);
    assert.ok(r.errors.some((e) => e.startsWith('kong.yaml: _format_version: required field missing')));
    assert.ok(r.errors.some((e) => e === 'kong.yaml: plugins[0] (plugin ai-proxy): route: no route with that name or id in this file'));
    assert.ok(r.errors.some((e) => /config\.route_type: required field missing/.test(e)));
    r = parseDeck('kong.yaml', '_format_version: "3.0"\nroutes:\n  - name: rx\n    paths: ["~/(bad"]\n', env);
    assert.ok(!r.ok);
    assert.match(r.errors[0]!, /kong\.yaml: route rx: paths: invalid regex/);
  });
});
