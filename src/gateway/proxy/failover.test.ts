// failover_criteria read as nginx's proxy_next_upstream: which outcome is a failed try (the
// circuit breaker counts it) and which may go to another target (non_idempotent for a POST the
// target may have received), table-driven.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failoverPolicy, failureCriterion, judge, statusCriterion } from './failover.js';

describe('failover_criteria', () => {
  it('statuses and failures map to their criterion; other statuses to none', () => {
    assert.deepEqual([403, 404, 429, 500, 502, 503, 504].map(statusCriterion), ['http_403', 'http_404', 'http_429', 'http_500', 'http_502', 'http_503', 'http_504']);
    assert.deepEqual([200, 400, 401, 409, 501, 529].map(statusCriterion), [null, null, null, null, null, null]);
    const f = (cause: string) => ({ cause, detail: '', status: 502 as const, beforeSend: false });
    assert.deepEqual(['timeout', 'invalid_header', 'reset', 'ECONNREFUSED', 'TLS', 'stream_error'].map((c) => failureCriterion(f(c))), ['timeout', 'invalid_header', 'error', 'error', 'error', 'error']);
  });

  const table: [string, string[], string | null, boolean, string, { failed: boolean; failover: boolean }][] = [
    ['listed, POST sent, with non_idempotent', ['http_429', 'non_idempotent'], 'http_429', true, 'POST', { failed: true, failover: true }],
    ['listed, POST sent, no non_idempotent', ['http_429'], 'http_429', true, 'POST', { failed: true, failover: false }],
    ['listed, POST never sent (connection refused)', ['error'], 'error', false, 'POST', { failed: true, failover: true }],
    ['listed, GET sent (idempotent)', ['http_500'], 'http_500', true, 'GET', { failed: true, failover: true }],
    ['listed, PATCH sent, no non_idempotent', ['timeout'], 'timeout', true, 'PATCH', { failed: true, failover: false }],
    ['not listed', ['error', 'timeout', 'non_idempotent'], 'http_429', true, 'POST', { failed: false, failover: false }],
    ['an ordinary answer', ['error'], null, true, 'POST', { failed: false, failover: false }],
    ['non_idempotent alone is not a criterion', ['non_idempotent'], 'error', true, 'POST', { failed: false, failover: false }],
  ];
  for (const [name, criteria, criterion, sent, method, want] of table) {
    it(name, () => {
      const v = judge(failoverPolicy(criteria), criterion, sent, method);
      assert.deepEqual({ failed: v.failed, failover: v.failover }, want);
      assert.equal(v.held !== null, v.failed && !v.failover, 'a held failure says why');
    });
  }
});
