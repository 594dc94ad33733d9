import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routeView, serviceView } from '../../schemas/index.js';
import { apiToState, stateToBody } from './entity-mapping.js';

test('Konnect filling things in makes no diff: [] for an unset list stays null, an absent key reads as the Kong default', () => {
  const prior = { tags: null, ca_certificates: null, port: 443 };
  const s = apiToState(serviceView, { id: 's1', host: 'h', tags: [], ca_certificates: [], port: 443 }, 'cp1', prior, []);
  assert.equal(s.tags, null);
  assert.equal(s.ca_certificates, null);
  assert.equal(s.retries, 5, 'absent retries reads as 5');
  assert.equal(s.connect_timeout, 60000);
  assert.equal(s.control_plane_id, 'cp1');
  const withTags = apiToState(serviceView, { id: 's1', host: 'h', tags: [] }, 'cp1', { tags: ['a'] }, []);
  assert.deepEqual(withTags.tags, [], 'a list that was set and is now empty on the server shows as drift');
});

test('route headers keep their prior value when Konnect answers null; other nulls are taken', () => {
  const prior = { headers: { 'x-a': ['1'] }, name: 'r' };
  const s = apiToState(routeView, { id: 'r1', headers: null, name: null }, 'cp1', prior, ['headers']);
  assert.deepEqual(s.headers, { 'x-a': ['1'] });
  assert.equal(s.name, null);
});

test('request bodies: no control_plane_id, no timestamps, no null id; nulls for unset fields are sent', () => {
  const b = stateToBody({ control_plane_id: 'cp', id: null, created_at: 1, updated_at: 2, host: 'h', path: null });
  assert.deepEqual(b, { host: 'h', path: null });
  assert.deepEqual(stateToBody({ control_plane_id: 'cp', id: 'x', host: 'h' }), { id: 'x', host: 'h' });
});
