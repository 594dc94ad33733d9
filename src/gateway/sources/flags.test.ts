import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, parseSourceFlags, sourceFromFlags, sourceStatus } from './flags.js';

const ctx = { env: {}, log: () => {} };
const build = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const parsed = parseSourceFlags(argv);
  if ('error' in parsed) return parsed;
  return sourceFromFlags(parsed.flags, { ...ctx, env });
};

test('each source flag set builds its source; unknown flags pass through', () => {
  const parsed = parseSourceFlags(['--kic', 'dir', '--proxy-listen', '127.0.0.1:0', '--poll-interval=2s']);
  assert.ok(!('error' in parsed));
  assert.deepEqual(parsed.rest, ['--proxy-listen', '127.0.0.1:0']);
  assert.equal(parsed.flags.pollIntervalMs, 2000);
  const kic = build(['--kic', 'dir']);
  assert.ok('source' in kic && kic.source.origin.kind === 'kic');
  const konnect = build(['--konnect-url', 'http://127.0.0.1:1', '--control-plane', 'cp'], { KONNECT_TOKEN: 'kpat_env_token' });
  assert.ok('source' in konnect && konnect.source.origin.kind === 'konnect');
  assert.ok(!JSON.stringify(konnect.source.origin).includes('kpat_env_token'));
  assert.equal((sourceStatus(konnect.source) as { state: string }).state, 'starting');
  const admin = build(['--admin-listen', '127.0.0.1:0', '--in-memory']);
  assert.ok('source' in admin && admin.source.origin.kind === 'admin-api');
  const deck = build(['--config', 'kong.yaml']);
  assert.ok('source' in deck && deck.source.origin.kind === 'deck');
});

test('mistakes name the flag and what to do, and never echo the token', () => {
  const err = (argv: string[], env: NodeJS.ProcessEnv = {}) => (build(argv, env) as { error: string }).error;
  assert.match(err([]), /no configuration source: pass one of --config/);
  assert.match(err(['--kic', 'a', '--config', 'b']), /choose one configuration source, not --config and --kic/);
  assert.match(err(['--konnect-url', 'http://x', '--control-plane', 'cp']), /pass --konnect-token or set KONNECT_TOKEN/);
  assert.match(err(['--konnect-url', 'http://x']), /--konnect-url needs --control-plane/);
  assert.match(err(['--poll-interval', 'soon']), /--poll-interval must be a duration/);
  assert.match(err(['--admin-listen', 'nope', '--in-memory']), /--admin-listen must be HOST:PORT/);
  assert.match(err(['--kic']), /--kic needs a value/);
  const bad = err(['--konnect-url', 'not a url', '--control-plane', 'cp', '--konnect-token', 'kpat_secret_value']);
  assert.match(bad, /server_url/);
  assert.ok(!bad.includes('kpat_secret_value'));
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1m'), 60_000);
  assert.equal(parseDuration('3'), 3000);
});

test('--database postgres and the --pg-* flags (else KONG_* variables, else Kong\'s defaults); mistakes name the flag', async () => {
  const { databaseSettings } = await import('./flags.js');
  const settings = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const parsed = parseSourceFlags(argv);
    assert.ok(!('error' in parsed));
    return databaseSettings(parsed.flags, env);
  };
  assert.deepEqual(settings([]), { settings: undefined });
  assert.deepEqual(settings(['--database', 'postgres']), {
    settings: { pg: { host: '127.0.0.1', port: 5432, user: 'kong', database: 'kong', timeoutMs: 5000 }, updateFrequencyMs: 5000, notify: true },
  });
  const env = { KONG_DATABASE: 'postgres', KONG_PG_HOST: 'db', KONG_PG_PORT: '6432', KONG_PG_USER: 'u', KONG_PG_PASSWORD: 'pw-env', KONG_PG_DATABASE: 'd', KONG_DB_UPDATE_FREQUENCY: '2' };
  assert.deepEqual(settings(['--pg-host', 'flag-host', '--db-notify', 'off'], env), {
    settings: { pg: { host: 'flag-host', port: 6432, user: 'u', password: 'pw-env', database: 'd', timeoutMs: 5000 }, updateFrequencyMs: 2000, notify: false },
  });
  const err = (argv: string[], e: NodeJS.ProcessEnv = {}) => (settings(argv, e) as { error: string }).error;
  assert.match(err(['--pg-host', 'h']), /--pg-host needs --database postgres/);
  assert.match(err(['--database', 'cassandra']), /--database must be postgres/);
  assert.match(err(['--database', 'postgres', '--pg-port', '99999']), /--pg-port must be a port number/);
  assert.match(err(['--database', 'postgres', '--db-update-frequency', 'often']), /--db-update-frequency must be a duration/);
  assert.match(err(['--database', 'postgres', '--db-notify', 'maybe']), /--db-notify must be on or off/);
  assert.match(err(['--database', 'postgres', '--pg-ssl', 'maybe']), /--pg-ssl must be on or off/);
  assert.match(err(['--database', 'postgres', '--pg-ssl-verify', 'on']), /--pg-ssl-verify on needs --pg-ssl on/);
  const tls = settings(['--database', 'postgres'], { KONG_PG_SSL: 'on', KONG_PG_SSL_VERIFY: 'on' }) as { settings: { pg: { ssl?: unknown } } };
  assert.deepEqual(tls.settings.pg.ssl, { verify: true });
  // The database chooses the Admin API source; the password is not in its origin.
  const built = build(['--database', 'postgres', '--pg-password', 'pw-flag', '--admin-listen', 'off']);
  assert.ok('source' in built && built.source.origin.kind === 'admin-api');
  assert.ok(!JSON.stringify(built.source.origin).includes('pw-flag'));
  assert.match((build(['--database', 'postgres', '--in-memory']) as { error: string }).error, /choose one store for the Admin API/);
});
