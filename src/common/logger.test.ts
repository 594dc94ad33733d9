import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, levelFromEnv, redact, sensitive, timestamp } from './logger.js';
import { SafeError } from './thrown.js';

function capture(level: Parameters<typeof createLogger>[0]['level']) {
  const lines: string[] = [];
  const log = createLogger({ level, write: (l) => lines.push(l) });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test('lines are the JSON go-plugin parses: @level, @message, @timestamp with 6 fractional digits', () => {
  const { log, lines, parsed } = capture('trace');
  log.info('configured', { server_url: 'http://127.0.0.1:1' });
  assert.equal(lines.length, 1);
  assert.ok(lines[0]!.endsWith('\n') && !lines[0]!.slice(0, -1).includes('\n'));
  const [line] = parsed();
  assert.equal(line!['@level'], 'info');
  assert.equal(line!['@message'], 'configured');
  assert.equal(line!.server_url, 'http://127.0.0.1:1');
  assert.match(String(line!['@timestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
});

test('timestamp keeps microseconds', () => {
  assert.equal(timestamp(Date.UTC(2026, 0, 2, 3, 4, 5, 123) + 0.456), '2026-01-02T03:04:05.123456Z');
});

test('levels: below the threshold prints nothing; off prints nothing at all', () => {
  const { log, parsed } = capture('warn');
  log.debug('hidden');
  log.info('hidden');
  log.warn('shown');
  log.error('shown too');
  assert.deepEqual(parsed().map((l) => l['@level']), ['warn', 'error']);
  const off = capture('off');
  off.log.error('nothing');
  assert.equal(off.lines.length, 0);
  assert.equal(off.log.enabled('error'), false);
});

test('TF_LOG_PROVIDER wins over TF_LOG; unset means off; JSON and unknown mean trace', () => {
  assert.equal(levelFromEnv({}), 'off');
  assert.equal(levelFromEnv({ TF_LOG: 'DEBUG' }), 'debug');
  assert.equal(levelFromEnv({ TF_LOG: 'TRACE', TF_LOG_PROVIDER: 'ERROR' }), 'error');
  assert.equal(levelFromEnv({ TF_LOG: 'off' }), 'off');
  assert.equal(levelFromEnv({ TF_LOG: 'JSON' }), 'trace');
  assert.equal(levelFromEnv({ TF_LOG: 'warning' }), 'warn');
});

test('sensitive values and secret-bearing keys print as (sensitive) at any depth', () => {
  const { log, lines } = capture('trace');
  const secret = 'kpat_supersecret123';
  log.child({ personal_access_token: secret }).debug('request', {
    token: sensitive(secret),
    headers: { Authorization: `Bearer ${secret}`, 'X-Api-Key': secret, Cookie: secret, Accept: 'application/json' },
    nested: [{ header_value: secret, header_name: 'Authorization' }],
    other: sensitive({ deep: secret }),
  });
  assert.equal(lines.length, 1);
  assert.ok(!lines[0]!.includes(secret), lines[0]);
  const line = JSON.parse(lines[0]!);
  assert.equal(line.token, '(sensitive)');
  assert.equal(line.personal_access_token, '(sensitive)');
  assert.equal(line.headers.Authorization, '(sensitive)');
  assert.equal(line.headers['X-Api-Key'], '(sensitive)');
  assert.equal(line.headers.Cookie, '(sensitive)');
  assert.equal(line.headers.Accept, 'application/json');
  assert.equal(line.nested[0].header_value, '(sensitive)');
  assert.equal(line.nested[0].header_name, 'Authorization');
  assert.equal(line.other, '(sensitive)');
});

test('redact copies without mutating and turns errors, buffers and bigints into printable values', () => {
  const input = { authorization: 'x', n: 1n, buf: Buffer.from('abc'), err: new Error('boom'), safe: new SafeError('shown') };
  const out = redact(input) as Record<string, unknown>;
  assert.equal(input.authorization, 'x');
  // Only a safe error's message is logged (common/thrown.ts); any other may quote a secret.
  assert.deepEqual(out, { authorization: '(sensitive)', n: '1', buf: '(3 bytes)', err: '(Error, message withheld)', safe: 'shown' });
});
