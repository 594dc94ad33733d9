import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, redact } from './request-log.js';

test('the request log redacts every secret of an ai-proxy-advanced body (targets, embeddings, vector stores)', () => {
  const body = {
    name: 'ai-proxy-advanced',
    config: {
      targets: [{ auth: { header_name: 'Authorization', header_value: 'Bearer sk-1' }, model: { provider: 'openai', name: 'gpt-4o' } }],
      embeddings: { auth: { param_name: 'key', param_value: 'emb-2' } },
      vectordb: { redis: { password: 'redis-3', sentinel_password: 'sentinel-4' }, pgvector: { password: 'pg-5' } },
    },
  };
  const out = JSON.stringify(redact(body));
  for (const s of ['sk-1', 'emb-2', 'redis-3', 'sentinel-4', 'pg-5']) assert.ok(!out.includes(s), s);
  assert.equal((redact(body) as typeof body).config.targets[0]!.auth.header_value, REDACTED);
  assert.ok(out.includes('gpt-4o'), 'other fields are kept');
});
