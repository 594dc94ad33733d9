import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDeckTemplate } from './template.js';

describe('decK env substitution', () => {
  const env = { DECK_HUGGINGFACE_TOKEN: 'hf_abc', DECK_N: '7', DECK_EMPTY: '', DECK_B: 'true', HOME: '/root' };
  it('inserts the value raw (the seed header_value)', () => {
    const r = renderDeckTemplate('header_value: Bearer ${{ env "DECK_HUGGINGFACE_TOKEN" }}\n', env);
    assert.deepEqual(r, { ok: true, text: 'header_value: Bearer hf_abc\n' });
  });
  it('supports toInt / toBool pipelines and empty-but-set variables', () => {
    const r = renderDeckTemplate('a: ${{ env "DECK_N" | toInt }}\nb: ${{ env "DECK_B" | toBool }}\nc: "${{ env "DECK_EMPTY" }}"', env);
    assert.deepEqual(r, { ok: true, text: 'a: 7\nb: true\nc: ""' });
  });
  it('leaves comment lines alone', () => {
    const r = renderDeckTemplate('# ${{ env "NOT_DECK" }}\nx: 1', env);
    assert.deepEqual(r, { ok: true, text: '# ${{ env "NOT_DECK" }}\nx: 1' });
  });
  it("rejects variables without the DECK_ prefix with decK's message and the line", () => {
    const r = renderDeckTemplate('x: 1\ny: ${{ env "HOME" }}', env);
    assert.deepEqual(r, { ok: false, error: { line: 2, message: "environment variables in the state file must be prefixed with 'DECK_', found: 'HOME'" } });
  });
  it("rejects unset variables with decK's message", () => {
    const r = renderDeckTemplate('y: ${{ env "DECK_MISSING" }}', env);
    assert.ok(!r.ok);
    assert.equal(r.error.message, "environment variable 'DECK_MISSING' present in state file but not set");
  });
  it('mock mode substitutes names and 42/false', () => {
    const r = renderDeckTemplate('a: ${{ env "DECK_X" }} ${{ env "DECK_Y" | toInt }}', {}, true);
    assert.deepEqual(r, { ok: true, text: 'a: DECK_X 42' });
  });
});
