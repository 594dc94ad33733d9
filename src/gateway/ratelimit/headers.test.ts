// What the client is told: Kong's header names per window and provider, the 429 body, the
// Retry-After family, hide_client_headers, error_* options and the count strategies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AiRateLimitingConfig } from '../../schemas/index.js';
import { aiRateLimitingConfigSchema } from '../../schemas/index.js';
import { amountOf, decide } from './headers.js';
import type { LimitState } from './limiter.js';

const config = (c: Record<string, unknown> = {}) =>
  aiRateLimitingConfigSchema.fillDefaults({ llm_providers: [{ name: 'huggingface', limit: [100, 1000], window_size: [60, 3600] }, { name: 'cohere', limit: [50], window_size: [30] }], ...c }) as AiRateLimitingConfig;

const state = (provider: string, sizeS: number, limit: number, label: string, usage: number, wait = 0): LimitState => ({
  limit: { provider, sizeS, limit, label, base: `b:${provider}:${sizeS}` },
  usage,
  wait,
});

describe('decide', () => {
  it('below every limit: Limit and Remaining for every configured (window, provider), no refusal', () => {
    const d = decide(config(), 'huggingface', [state('huggingface', 60, 100, 'minute', 40.6), state('huggingface', 3600, 1000, 'hour', 400), state('cohere', 30, 50, '30', 0)]);
    assert.equal(d.refusal, null);
    assert.deepEqual(d.headers, {
      'X-AI-RateLimit-Limit-minute-huggingface': '100',
      'X-AI-RateLimit-Remaining-minute-huggingface': '59',
      'X-AI-RateLimit-Limit-hour-huggingface': '1000',
      'X-AI-RateLimit-Remaining-hour-huggingface': '600',
      'X-AI-RateLimit-Limit-30-cohere': '50',
      'X-AI-RateLimit-Remaining-30-cohere': '50',
    });
  });

  it("a reached limit of the request's provider: Kong's 429 body and the Reset/Retry-After family", () => {
    const d = decide(config(), 'huggingface', [state('huggingface', 60, 100, 'minute', 130, 12.2), state('huggingface', 3600, 1000, 'hour', 130), state('cohere', 30, 50, '30', 80, 5)]);
    assert.deepEqual(d.refusal, { status: 429, message: 'AI token rate limit exceeded for provider(s): huggingface' });
    assert.equal(d.headers['X-AI-RateLimit-Remaining-minute-huggingface'], '0');
    assert.equal(d.headers['X-AI-RateLimit-Reset-minute-huggingface'], '13');
    assert.equal(d.headers['X-AI-RateLimit-Retry-After-minute-huggingface'], '13');
    assert.equal(d.headers['X-AI-RateLimit-Reset'], '13');
    assert.equal(d.headers['X-AI-RateLimit-Retry-After'], '13');
    assert.equal(d.headers['Retry-After'], '13');
    assert.equal(d.headers['X-AI-RateLimit-Reset-hour-huggingface'], undefined, 'only reached limits get a reset');
    assert.equal(d.headers['X-AI-RateLimit-Reset-30-cohere'], undefined, "another provider's limit does not stop this request");
  });

  it('the longest wait wins when several windows are reached; jitter only on Retry-After', () => {
    const d = decide(config({ retry_after_jitter_max: 5 }), 'huggingface', [state('huggingface', 60, 100, 'minute', 130, 12), state('huggingface', 3600, 1000, 'hour', 1200, 1800)], () => 0.5);
    assert.equal(d.headers['X-AI-RateLimit-Retry-After'], '1800');
    assert.equal(d.headers['Retry-After'], '1803');
  });

  it('hide_client_headers drops Limit/Remaining but keeps Retry-After and resets; error_code, error_message, error_hide_providers', () => {
    const d = decide(config({ hide_client_headers: true, error_code: 403, error_message: 'Slow down', error_hide_providers: true }), 'huggingface', [state('huggingface', 60, 100, 'minute', 100, 3)]);
    assert.deepEqual(d.refusal, { status: 403, message: 'Slow down' });
    assert.deepEqual(Object.keys(d.headers).sort(), ['Retry-After', 'X-AI-RateLimit-Reset', 'X-AI-RateLimit-Reset-minute-huggingface', 'X-AI-RateLimit-Retry-After', 'X-AI-RateLimit-Retry-After-minute-huggingface']);
  });

  it('cost: fractional remaining', () => {
    const d = decide(config({ tokens_count_strategy: 'cost', llm_providers: [{ name: 'huggingface', limit: [0.0025], window_size: [3] }] }), 'huggingface', [state('huggingface', 3, 0.0025, '3', 0.0007)]);
    assert.equal(d.headers['X-AI-RateLimit-Remaining-3-huggingface'], '0.0018');
  });
});

describe('amountOf (tokens_count_strategy)', () => {
  const usage = { prompt_tokens: 20, completion_tokens: 30 };
  const costs = { input: 20, output: 10 };
  it('total, prompt, completion, and cost per 1M tokens', () => {
    assert.equal(amountOf('total_tokens', usage, costs), 50);
    assert.equal(amountOf('prompt_tokens', usage, costs), 20);
    assert.equal(amountOf('completion_tokens', usage, costs), 30);
    assert.equal(amountOf('cost', usage, costs), 0.0007);
    assert.equal(amountOf('total_tokens', {}, costs), 0, 'an answer that reported nothing costs nothing');
  });
});
