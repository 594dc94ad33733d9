// examples/cdktf's dependencies: "up to date" is decided by content (npm's record of what it
// installed against the lock file), not by file times, and npm ci never runs through a
// symbolic link — in a worktree whose node_modules links to another checkout's, it emptied that
// checkout's node_modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dependenciesUpToDate, ensureDependencies } from './setup.js';

const lock = (versions: Record<string, string>, optional: Record<string, string> = {}) =>
  JSON.stringify({
    lockfileVersion: 3,
    packages: {
      '': { name: 'x' },
      ...Object.fromEntries(Object.entries(versions).map(([n, v]) => [`node_modules/${n}`, { version: v }])),
      ...Object.fromEntries(Object.entries(optional).map(([n, v]) => [`node_modules/${n}`, { version: v, optional: true }])),
    },
  });

function project(lockVersions: Record<string, string>, installed: Record<string, string> | null, optional: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdktf-deps-'));
  if (installed) {
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), lock(installed));
  }
  writeFileSync(join(dir, 'package-lock.json'), lock(lockVersions, optional));
  return dir;
}

test('up to date by content: a lock file newer than the install is fine; a different version or a missing install is not', () => {
  const dirs: string[] = [];
  try {
    const same = project({ a: '1.0.0', b: '2.0.0' }, { a: '1.0.0', b: '2.0.0' }, { fsevents: '2.3.3' });
    dirs.push(same);
    const future = new Date(Date.now() + 3_600_000);
    utimesSync(join(same, 'package-lock.json'), future, future);
    assert.equal(dependenciesUpToDate(same), true, 'mtime does not matter; an optional package for another platform may be absent');
    const changed = project({ a: '1.0.1', b: '2.0.0' }, { a: '1.0.0', b: '2.0.0' });
    dirs.push(changed);
    assert.equal(dependenciesUpToDate(changed), false);
    const none = project({ a: '1.0.0' }, null);
    dirs.push(none);
    assert.equal(dependenciesUpToDate(none), false);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

test('a stale node_modules that is a symbolic link is refused, and its target is left as it was', async () => {
  const owner = project({ a: '1.0.0' }, { a: '0.9.0' });
  const worktree = project({ a: '1.0.0' }, null);
  try {
    writeFileSync(join(owner, 'node_modules', 'keep-me'), 'x');
    symlinkSync(join(owner, 'node_modules'), join(worktree, 'node_modules'));
    await assert.rejects(ensureDependencies(undefined, worktree), /is a symbolic link to .*make cdktf does not run npm ci through a link/s);
    assert.deepEqual(readdirSync(join(owner, 'node_modules')).sort(), ['.package-lock.json', 'keep-me']);
  } finally {
    rmSync(worktree, { recursive: true, force: true });
    rmSync(owner, { recursive: true, force: true });
  }
});
