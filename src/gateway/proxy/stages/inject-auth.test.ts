// inject-auth places the driver's credential: static (header with allow_override as the driver
// honours it, query parameter) and per call (`authorize`: signatures, minted tokens), whose
// failure is Kong's 500 `LLM request failed before proxying` without the reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planAuth } from '../../drivers/auth.js';
import type { DriverPlan } from '../../drivers/index.js';
import type { ProxyContext } from '../context.js';
import { injectAuth } from './inject-auth.js';

function context(plan: Partial<DriverPlan>, clientHeaders: Record<string, string> = {}) {
  const sent: { status?: number; body?: string } = {};
  const logged: string[] = [];
  const ctx = {
    req: { headers: clientHeaders },
    res: { headersSent: false, destroyed: false, writeHead: (s: number) => void (sent.status = s), end: (b: string) => void (sent.body = b) },
    requestId: 'r',
    startNs: 0n,
    method: 'POST',
    ai: { plugin: { id: 'p1' }, plan: { name: 'fake', translator: {}, target: () => ({}), auth: planAuth(null, { headerOverride: true, queryParam: true }), ...plan } },
    upstream: { origin: 'https://vendor.example:443', host: 'vendor.example', path: '/v1/x?a=1', body: Buffer.from('{}'), connectTimeoutMs: 1, readTimeoutMs: 1 },
    setHeaders: {} as Record<string, string>,
    dropHeaders: new Set<string>(),
    compiled: { logOnce: (_k: string, m: string) => void logged.push(m) },
    done: false,
    status: 0,
  };
  return { ctx: ctx as unknown as ProxyContext & typeof ctx, sent, logged };
}

describe('inject-auth', () => {
  it('header: replaces the client\'s; with allow_override (honoured) the client\'s is kept', () => {
    const auth = { header_name: 'Authorization', header_value: 'Bearer conf', allow_override: true };
    const kept = context({ auth: planAuth(auth as never, { headerOverride: true, queryParam: true }) }, { authorization: 'Bearer mine' });
    injectAuth(kept.ctx);
    assert.deepEqual(kept.ctx.setHeaders, {});
    const replaced = context({ auth: planAuth(auth as never, { headerOverride: false, queryParam: true }) }, { authorization: 'Bearer mine' });
    injectAuth(replaced.ctx);
    assert.deepEqual(replaced.ctx.setHeaders, { authorization: 'Bearer conf' });
    assert.ok(replaced.ctx.dropHeaders.has('authorization'));
  });

  it('query: the parameter joins the query string (the client\'s kept with allow_override)', () => {
    const { ctx } = context({ auth: planAuth({ param_name: 'key', param_value: 's3', param_location: 'query' } as never, { headerOverride: true, queryParam: true }) });
    injectAuth(ctx);
    assert.equal(ctx.upstream!.path, '/v1/x?a=1&key=s3');
  });

  it('authorize: headers computed from the final call are set', async () => {
    let seen: unknown;
    const { ctx } = context({
      headers: { 'anthropic-version': '2023-06-01' },
      authorize: (call) => {
        seen = { ...call, body: call.body?.toString() };
        return { Authorization: 'AWS4-HMAC-SHA256 sig', 'x-amz-date': '20260101T000000Z' };
      },
    });
    await injectAuth(ctx);
    assert.deepEqual(seen, { method: 'POST', origin: 'https://vendor.example:443', path: '/v1/x?a=1', host: 'vendor.example', body: '{}' });
    assert.deepEqual(ctx.setHeaders, { 'anthropic-version': '2023-06-01', authorization: 'AWS4-HMAC-SHA256 sig', 'x-amz-date': '20260101T000000Z' });
    assert.equal(ctx.done, false);
  });

  it('authorize failing: Kong\'s 500, the reason only in the log', async () => {
    const { ctx, sent, logged } = context({ authorize: async () => Promise.reject(new Error('no credentials in the chain')) });
    await injectAuth(ctx);
    assert.equal(ctx.done, true);
    assert.deepEqual([sent.status, JSON.parse(sent.body!)], [500, { error: { message: 'LLM request failed before proxying' } }]);
    assert.match(logged[0]!, /could not authorize the upstream call: no credentials in the chain/);
  });
});
