import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ConfigSnapshot } from '../config/snapshot.js';
import { IpcSnapshotSource, snapshotMessage } from './ipc.js';

const snap = (revision: number): ConfigSnapshot => ({
  origin: { kind: 'admin-api', location: '127.0.0.1:8001' }, revision, loadedAt: new Date(1_700_000_000_000 + revision),
  services: [], routes: [], consumers: [], consumerGroups: [], consumerGroupMembers: [], keyAuthCredentials: [], plugins: [],
});

test('a worker gets the first snapshot from start() and later ones through onSnapshot, across a JSON channel', async () => {
  const proc = new EventEmitter() as unknown as NodeJS.Process;
  const source = new IpcSnapshotSource({ kind: 'admin-api', location: 'primary' }, proc);
  const later: ConfigSnapshot[] = [];
  const started = source.start({ onSnapshot: (s) => later.push(s), onError: () => {} });
  const wire = (s: ConfigSnapshot) => JSON.parse(JSON.stringify(snapshotMessage(s))) as unknown; // what IPC does
  (proc as unknown as EventEmitter).emit('message', { type: 'other' });
  (proc as unknown as EventEmitter).emit('message', wire(snap(1)));
  const first = await started;
  assert.equal(first.revision, 1);
  assert.ok(first.loadedAt instanceof Date && first.loadedAt.getTime() === 1_700_000_000_001);
  (proc as unknown as EventEmitter).emit('message', wire(snap(2)));
  assert.deepEqual(later.map((s) => s.revision), [2]);
  await source.stop();
  (proc as unknown as EventEmitter).emit('message', wire(snap(3)));
  assert.equal(later.length, 1, 'stopped sources ignore messages');
});
