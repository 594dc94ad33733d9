import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Route, Service } from '../../schemas/entities.js';
import { compileRouter, joinServicePath, type RequestFacts } from './index.js';

let n = 0;
function route(r: Partial<Route> & { name: string }): Route {
  return {
    id: `r-${++n}`, protocols: ['http', 'https'], methods: null, hosts: null, paths: null, headers: null,
    https_redirect_status_code: 426, regex_priority: 0, strip_path: true, path_handling: 'v0', preserve_host: false,
    request_buffering: true, response_buffering: true, snis: null, sources: null, destinations: null, tags: null,
    service: null, created_at: 0, updated_at: 0, ...r,
  };
}
const svc = (id: string, path: string | null): Service => ({
  id, name: id, protocol: 'http', host: 'localhost', port: 8080, path, retries: 5, connect_timeout: 60000, write_timeout: 60000,
  read_timeout: 60000, tags: null, client_certificate: null, tls_verify: null, tls_verify_depth: null, ca_certificates: null,
  enabled: true, created_at: 0, updated_at: 0,
});
const req = (path: string, extra: Partial<RequestFacts> = {}): RequestFacts => ({ method: 'POST', host: 'localhost', path, headers: {}, ...extra });

describe('router', () => {
  it('matches prefixes (longest wins) and strips the matched prefix', () => {
    const { router } = compileRouter(
      [route({ name: 'short', paths: ['/hf'] }), route({ name: 'long', paths: ['/hf/special'] })],
      [],
    );
    assert.equal(router.match(req('/hf/generate'))?.route.name, 'short');
    assert.equal(router.match(req('/hf/generate'))?.strippedPath, '/generate');
    assert.equal(router.match(req('/hf/special/generate'))?.route.name, 'long');
    assert.equal(router.match(req('/hfx'))?.strippedPath, '/x');
    assert.equal(router.match(req('/other')), null);
  });

  it('keeps the path when strip_path is false and joins service paths (path_handling v0)', () => {
    const s = svc('s', '/s');
    const { router } = compileRouter([route({ name: 'a', paths: ['/tv0'], service: { id: 's' } }), route({ name: 'b', paths: ['/keep'], strip_path: false })], [s]);
    assert.equal(router.match(req('/tv0/req'))?.upstreamPath, '/s/req');
    assert.equal(router.match(req('/keep/generate'))?.strippedPath, '/keep/generate');
    assert.equal(joinServicePath('/s/', '/req', 'v0'), '/s/req');
    assert.equal(joinServicePath('/s', '/', 'v0'), '/s');
  });

  it('regex paths are anchored, outrank prefixes of equal criteria, follow regex_priority, expose captures', () => {
    const { router } = compileRouter(
      [
        route({ name: 'prefix', paths: ['/models'] }),
        route({ name: 'rx-low', paths: ['~/models/(?<model>[^/]+)/generate$'] }),
        route({ name: 'rx-high', paths: ['~/models/(?<model>special)/generate$'], regex_priority: 10 }),
      ],
      [],
    );
    const m = router.match(req('/models/gpt2/generate'));
    assert.equal(m?.route.name, 'rx-low');
    assert.deepEqual(m?.captures, { model: 'gpt2' });
    assert.equal(router.match(req('/models/special/generate'))?.route.name, 'rx-high');
    assert.equal(router.match(req('/models/gpt2/other'))?.route.name, 'prefix');
    assert.equal(router.match(req('/x/models/gpt2/generate')), null);
  });

  it('more criteria win: methods and hosts (wildcards too)', () => {
    const { router } = compileRouter(
      [
        route({ name: 'any', paths: ['/api'] }),
        route({ name: 'get', paths: ['/api'], methods: ['GET'] }),
        route({ name: 'host', paths: ['/api'], hosts: ['*.example.com'], methods: ['POST'] }),
      ],
      [],
    );
    assert.equal(router.match(req('/api', { method: 'GET' }))?.route.name, 'get');
    assert.equal(router.match(req('/api', { method: 'POST' }))?.route.name, 'any');
    assert.equal(router.match(req('/api', { method: 'POST', host: 'llm.example.com' }))?.route.name, 'host');
    assert.equal(router.match(req('/api', { method: 'DELETE', host: 'llm.example.com' }))?.route.name, 'any');
  });

  it('header criteria and path-less routes', () => {
    const { router } = compileRouter(
      [route({ name: 'hosted', hosts: ['ai.local'] }), route({ name: 'hdr', paths: ['/h'], headers: { 'x-tenant': ['Blue'] } })],
      [],
    );
    assert.equal(router.match(req('/anything', { host: 'ai.local' }))?.route.name, 'hosted');
    assert.equal(router.match(req('/anything', { host: 'ai.local' }))?.strippedPath, '/anything');
    assert.equal(router.match(req('/h', { headers: { 'x-tenant': 'blue' } }))?.route.name, 'hdr');
    assert.equal(router.match(req('/h', { headers: { 'x-tenant': 'red' } })), null);
  });

  it('reports an invalid regex naming the route path', () => {
    const { errors } = compileRouter([route({ name: 'bad', paths: ['/ok', '~/(unclosed'] })], []);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.field, 'routes[0].paths[1]');
    assert.match(errors[0]!.message, /invalid regex/);
  });

  it('10,000 prefix routes: the right one matches (cost is measured in bench/gateway.bench.ts, not here)', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => route({ name: `r${i}`, paths: [`/tenant-${i}/hf`] }));
    const { router } = compileRouter(many, []);
    assert.equal(router.match(req('/tenant-9999/hf/generate'))?.route.name, 'r9999');
    assert.equal(router.match(req('/tenant-0/hf/generate'))?.route.name, 'r0');
    assert.equal(router.match(req('/tenant-10000/hf/generate')), null);
  });

  it('configured prefixes are normalized like requests: escaped letters, lower-case hex, doubled slashes', () => {
    const { router } = compileRouter([route({ name: 'esc', paths: ['/%68f'] }), route({ name: 'enc', paths: ['/a%2fb'] }), route({ name: 'dbl', paths: ['/x//y'] })], []);
    assert.equal(router.match(req('/hf/generate'))?.route.name, 'esc');
    assert.equal(router.match(req('/hf/generate'))?.strippedPath, '/generate');
    assert.equal(router.match(req('/a%2Fb/c'))?.route.name, 'enc');
    assert.equal(router.match(req('/x/y/z'))?.route.name, 'dbl');
  });
});
