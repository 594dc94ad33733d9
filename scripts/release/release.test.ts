// The release pieces without terraform: the zip writer/reader, PROVIDER_VERSION's check, and the
// SEA injection (a tiny script injected into this Node runs as a standalone executable).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { providerVersion } from './build-release.js';
import { RENAMED_EXTRA_CA_VARIABLE, withoutEagerExtraCaCerts } from './extra-ca-certs.js';
import { injectSeaBlob, SEA_FUSE } from './sea-inject.js';
import { readZip, writeZip } from './zip.js';

test('zip: entries round-trip with their modes; equal contents give equal archives', () => {
  const entries = [
    { name: 'terraform-provider-konnect_v1.2.3', data: Buffer.from('#!/bin/sh\nexit 0\n'), mode: 0o755 },
    { name: 'README', data: Buffer.alloc(100_000, 'x'), mode: 0o644 },
  ];
  const zip = writeZip(entries);
  assert.deepEqual(readZip(zip), entries);
  assert.ok(writeZip(entries).equals(zip));
  const corrupt = Buffer.from(zip);
  const at = 30 + entries[0]!.name.length + 2; // inside the first entry's compressed data
  corrupt[at] = corrupt[at]! ^ 0xff;
  assert.throws(() => readZip(corrupt), /CRC mismatch|invalid|incorrect/i);
});

test('PROVIDER_VERSION: taken when a version, refused with the variable named otherwise; package.json by default', () => {
  const repo = join(import.meta.dirname, '..', '..');
  assert.equal(providerVersion(repo, { PROVIDER_VERSION: '3.19.0' }), '3.19.0');
  assert.equal(providerVersion(repo, { PROVIDER_VERSION: '3.19.0-rc.1' }), '3.19.0-rc.1');
  assert.match(providerVersion(repo, {}), /^\d+\.\d+\.\d+/);
  for (const bad of ['3.19', 'v3.19.0', '~> 3.19', '3.19.0 ']) {
    if (bad.trim() === '3.19.0') continue;
    assert.throws(() => providerVersion(repo, { PROVIDER_VERSION: bad }), /PROVIDER_VERSION=.* e\.g\. PROVIDER_VERSION=3\.19\.0/);
  }
});

test('sea-inject: this Node plus a blob runs the blob as a single executable; the fuse must be there once', { skip: process.platform !== 'linux' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'konnect-sea-test-'));
  try {
    writeFileSync(join(dir, 'main.cjs'), 'console.log(JSON.stringify({ sea: require("node:sea").isSea(), argv: process.argv.slice(2) }))');
    writeFileSync(join(dir, 'sea.json'), JSON.stringify({ main: join(dir, 'main.cjs'), output: join(dir, 'blob'), disableExperimentalSEAWarning: true }));
    execFileSync(process.execPath, ['--experimental-sea-config', join(dir, 'sea.json')], { stdio: 'pipe' });
    const node = readFileSync(process.execPath);
    const exe = injectSeaBlob(node, readFileSync(join(dir, 'blob')));
    writeFileSync(join(dir, 'app'), exe, { mode: 0o755 });
    const out = execFileSync(join(dir, 'app'), ['a', 'b'], { env: { PATH: '/nonexistent' } }).toString();
    assert.deepEqual(JSON.parse(out), { sea: true, argv: ['a', 'b'] });
    assert.throws(() => injectSeaBlob(exe, Buffer.from('x')), new RegExp(`${SEA_FUSE}:0 not found`));
    assert.throws(() => injectSeaBlob(Buffer.from('not an elf file at all'), Buffer.from('x')), /not an ELF file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('extra-ca-certs: the patched node no longer reads NODE_EXTRA_CA_CERTS at start-up; the variable still reaches the program', { skip: process.platform !== 'linux' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'konnect-extra-ca-test-'));
  try {
    const node = readFileSync(process.execPath);
    const patched = withoutEagerExtraCaCerts(node);
    assert.ok(patched, "this Node's start-up read of NODE_EXTRA_CA_CERTS is found exactly once");
    assert.equal(patched.length, node.length);
    assert.equal(withoutEagerExtraCaCerts(patched), undefined, 'nothing left to patch');
    writeFileSync(join(dir, 'node'), patched, { mode: 0o755 });
    const env = { PATH: '/nonexistent', NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') };
    const script = 'console.log(process.env.NODE_EXTRA_CA_CERTS)';
    // Node reads the file at start-up and warns that it is missing; the patched copy does not look.
    const original = spawnSync(process.execPath, ['-e', script], { env });
    assert.match(original.stderr.toString(), /Ignoring extra certs from/);
    const lazy = spawnSync(join(dir, 'node'), ['-e', script], { env });
    assert.equal(lazy.status, 0);
    assert.equal(lazy.stderr.toString(), '');
    assert.equal(lazy.stdout.toString().trim(), env.NODE_EXTRA_CA_CERTS);
    // The renamed variable is what Node reads now (proof the right string was patched).
    const renamed = spawnSync(join(dir, 'node'), ['-e', '0'], { env: { PATH: '/nonexistent', [RENAMED_EXTRA_CA_VARIABLE]: join(dir, 'missing.pem') } });
    assert.match(renamed.stderr.toString(), /Ignoring extra certs from/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
