import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptions } from './options.js';

const opts = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseOptions(['--config', 'kong.yaml', ...argv], env);

test('--client-body-timeout: Kong’s 60 s by default, a duration from the flag or AI_GATEWAY_CLIENT_BODY_TIMEOUT', () => {
  const timeout = (p: ReturnType<typeof parseOptions>) => ('options' in p ? p.options.clientBodyTimeoutMs : p);
  assert.equal(timeout(opts([])), 60_000);
  assert.equal(timeout(opts(['--client-body-timeout', '1s'])), 1000);
  assert.equal(timeout(opts(['--client-body-timeout=500ms'])), 500);
  assert.equal(timeout(opts([], { AI_GATEWAY_CLIENT_BODY_TIMEOUT: '2m' })), 120_000);
  for (const bad of ['0', 'soon', '-1s']) {
    const r = opts([`--client-body-timeout=${bad}`]);
    assert.ok('error' in r, bad);
    assert.match(r.error, /^--client-body-timeout: expected a duration such as 60s/);
  }
});
