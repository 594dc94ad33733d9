import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeRequestPath } from './normalize-path.js';

const ok = (path: string) => ({ ok: true, path });
const norm = (p: string) => normalizeRequestPath(p);

describe('normalizeRequestPath (nginx/Kong normalization before routing)', () => {
  it('leaves ordinary paths alone', () => {
    for (const p of ['/', '/hf/generate', '/a/b/', '/a/.hidden/x', '/a/b..c', '/a/...']) assert.deepEqual(norm(p), ok(p));
  });

  it('resolves dot segments (RFC 3986 §5.2.4)', () => {
    assert.deepEqual(norm('/public/../secure/data'), ok('/secure/data'));
    assert.deepEqual(norm('/public/./../secure'), ok('/secure'));
    assert.deepEqual(norm('/./hf/generate'), ok('/hf/generate'));
    assert.deepEqual(norm('/a/b/..'), ok('/a/'));
    assert.deepEqual(norm('/a/b/.'), ok('/a/b/'));
    assert.deepEqual(norm('/a/..'), ok('/'));
    assert.deepEqual(norm('/.'), ok('/'));
    assert.deepEqual(norm('/a/./b/../c'), ok('/a/c'));
  });

  it('decodes escaped unreserved characters, including escaped dots, in any case', () => {
    assert.deepEqual(norm('/public/%2e%2e/secure/data'), ok('/secure/data'));
    assert.deepEqual(norm('/public/%2E%2e/secure/data'), ok('/secure/data'));
    assert.deepEqual(norm('/public/.%2E/secure/data'), ok('/secure/data'));
    assert.deepEqual(norm('/public/%2e./secure'), ok('/secure'));
    assert.deepEqual(norm('/public/%2e/../secure'), ok('/secure'));
    assert.deepEqual(norm('/%68f/generate'), ok('/hf/generate'));
    assert.deepEqual(norm('/%41%7a%30%2D%5F%7E'), ok('/Az0-_~'));
  });

  it('keeps reserved escapes encoded, upper-casing their hex: %2F is never a separator', () => {
    assert.deepEqual(norm('/public/..%2fsecure/data'), ok('/public/..%2Fsecure/data'));
    assert.deepEqual(norm('/public/%2e%2e%2Fsecure'), ok('/public/..%2Fsecure'));
    assert.deepEqual(norm('/a%20b/%3f'), ok('/a%20b/%3F'));
    assert.deepEqual(norm('/a/%25/b'), ok('/a/%25/b'));
    assert.deepEqual(norm('/a/%252e%252e/b'), ok('/a/%252e%252e/b'), 'decoded once only');
  });

  it('merges repeated slashes', () => {
    assert.deepEqual(norm('//hf/generate'), ok('/hf/generate'));
    assert.deepEqual(norm('/hf///generate//'), ok('/hf/generate/'));
    assert.deepEqual(norm('//'), ok('/'));
  });

  it('refuses a path that climbs above the root, a malformed escape, or a target that is not a path', () => {
    for (const p of ['/..', '/../x', '/secure/../../x', '/a/%2e%2e/%2E%2E/..', '/%2e%2e/', '/a/%zz', '/a/%2', '/a%', 'x/y', '*']) {
      assert.equal(norm(p).ok, false, p);
    }
    assert.match((norm('/secure/../../x') as { reason: string }).reason, /climb above/);
  });

  it('reduces an absolute-form target to its path, then normalizes it', () => {
    assert.deepEqual(norm('http://example.com/public/../secure'), ok('/secure'));
    assert.deepEqual(norm('http://example.com'), ok('/'));
  });
});
