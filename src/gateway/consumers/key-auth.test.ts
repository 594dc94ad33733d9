import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileConsumerIndex, identifyByKeyAuth, type KeyAuthConfig, type KeyAuthRequest } from './index.js';

const ts = { created_at: 0, updated_at: 0, tags: null };
const index = compileConsumerIndex({
  consumers: [
    { id: 'c-alice', username: 'alice', custom_id: 'A-1', ...ts },
    { id: 'c-bob', username: 'bob', custom_id: null, ...ts },
    { id: 'c-anon', username: 'anonymous', custom_id: null, ...ts },
  ],
  consumerGroups: [
    { id: 'g-z', name: 'zeta', ...ts },
    { id: 'g-a', name: 'alpha', ...ts },
  ],
  consumerGroupMembers: [
    { consumer: { id: 'c-alice' }, consumer_group: { id: 'g-z' } },
    { consumer: { id: 'c-alice' }, consumer_group: { id: 'g-a' } },
    { consumer: { id: 'c-bob' }, consumer_group: { id: 'g-missing' } },
  ],
  keyAuthCredentials: [
    { id: 'k-alice', key: 'alice-key', consumer: { id: 'c-alice' }, tags: null, ttl: null, created_at: 0 },
    { id: 'k-orphan', key: 'orphan-key', consumer: { id: 'c-gone' }, tags: null, ttl: null, created_at: 0 },
  ],
});

const conf = (over: Partial<KeyAuthConfig> = {}): KeyAuthConfig => ({
  key_names: ['apikey'],
  hide_credentials: false,
  key_in_header: true,
  key_in_query: true,
  key_in_body: false,
  anonymous: null,
  run_on_preflight: true,
  ...over,
});
const req = (headers: KeyAuthRequest['headers'] = {}, query = '', method = 'POST'): KeyAuthRequest => ({
  method,
  headers,
  query: new URLSearchParams(query),
});

test('a key in the header identifies the consumer and sets Kong\'s upstream headers', () => {
  const out = identifyByKeyAuth(req({ apikey: 'alice-key' }), conf(), index);
  assert.ok(out.ok);
  assert.equal(out.consumer?.username, 'alice');
  assert.equal(out.credential?.id, 'k-alice');
  assert.deepEqual(out.upstreamHeaders, {
    'x-consumer-id': 'c-alice',
    'x-consumer-custom-id': 'A-1',
    'x-consumer-username': 'alice',
    'x-credential-identifier': 'k-alice',
    'x-anonymous-consumer': null,
  });
  assert.deepEqual(out.removeHeaders, []);
});

test('a key in the query string works, under any of key_names, and hide_credentials strips it', () => {
  const out = identifyByKeyAuth(req({}, 'x=1&token=alice-key'), conf({ key_names: ['apikey', 'token'], hide_credentials: true }), index);
  assert.ok(out.ok);
  assert.equal(out.consumer?.id, 'c-alice');
  assert.deepEqual(out.removeQuery, ['token']);
  assert.deepEqual(out.removeHeaders, ['token']);
});

test('key_in_header: false ignores the header; key_in_query: false ignores the query', () => {
  const noHeader = identifyByKeyAuth(req({ apikey: 'alice-key' }), conf({ key_in_header: false }), index);
  assert.equal(noHeader.ok, false);
  const noQuery = identifyByKeyAuth(req({}, 'apikey=alice-key'), conf({ key_in_query: false }), index);
  assert.equal(noQuery.ok, false);
});

test('missing, wrong, orphaned and duplicate keys get Kong\'s 401 bodies', () => {
  const missing = identifyByKeyAuth(req(), conf(), index);
  assert.deepEqual(missing.ok ? null : [missing.status, missing.body, missing.headers], [
    401,
    { message: 'No API key found in request' },
    { 'WWW-Authenticate': 'Key realm="kong"' },
  ]);
  const empty = identifyByKeyAuth(req({ apikey: '' }), conf(), index);
  assert.equal(empty.ok ? null : empty.body.message, 'No API key found in request');
  const wrong = identifyByKeyAuth(req({ apikey: 'nope' }), conf(), index);
  assert.deepEqual(wrong.ok ? null : [wrong.status, wrong.body], [401, { message: 'Invalid authentication credentials' }]);
  assert.ok(!wrong.ok && !wrong.reason.includes('nope'), 'the reason never repeats the key');
  const orphan = identifyByKeyAuth(req({ apikey: 'orphan-key' }), conf(), index);
  assert.equal(orphan.ok ? null : orphan.body.message, 'Invalid authentication credentials');
  const dup = identifyByKeyAuth(req({}, 'apikey=a&apikey=b'), conf(), index);
  assert.deepEqual(dup.ok ? null : [dup.status, dup.body], [401, { message: 'Duplicate API key found' }]);
});

test('anonymous (by username or id) stands in when the key is missing; preflight can skip the plugin', () => {
  const anon = identifyByKeyAuth(req(), conf({ anonymous: 'anonymous' }), index);
  assert.ok(anon.ok);
  assert.equal(anon.consumer?.id, 'c-anon');
  assert.equal(anon.anonymous, true);
  assert.equal(anon.upstreamHeaders['x-anonymous-consumer'], 'true');
  const badAnon = identifyByKeyAuth(req(), conf({ anonymous: 'ghost' }), index);
  assert.ok(!badAnon.ok && badAnon.status === 500 && /config\.anonymous/.test(badAnon.reason));
  const preflight = identifyByKeyAuth(req({}, '', 'OPTIONS'), conf({ run_on_preflight: false }), index);
  assert.ok(preflight.ok && preflight.consumer === null);
});

test('group membership is sorted by group name, stable per consumer, and ignores unknown groups', () => {
  assert.deepEqual(index.groupIdsOf('c-alice'), ['g-a', 'g-z']);
  assert.equal(index.groupIdsOf('c-alice'), index.groupIdsOf('c-alice'));
  assert.deepEqual(index.groupIdsOf('c-bob'), []);
  assert.deepEqual(index.groupsOf('c-alice').map((g) => g.name), ['alpha', 'zeta']);
});
