// Each OpenAI-family provider's plan: Kong's default host and path per route type, the
// upstream_url / upstream_path rules, the format option, auth placement and the refusals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AiProxyConfig } from '../../../schemas/index.js';
import { describeAuth, isUnsupported, planFor, type DriverPlan } from '../index.js';

function config(provider: string, routeType: string, options: Record<string, unknown> | null = null, extra: Record<string, unknown> = {}): AiProxyConfig {
  return { route_type: routeType, llm_format: 'openai', response_streaming: 'allow', max_request_body_size: 8192, model_name_header: true, logging: { log_statistics: false, log_payloads: false }, auth: null, model: { provider, name: 'm', options }, ...extra } as unknown as AiProxyConfig;
}

function url(provider: string, routeType: string, options: Record<string, unknown> | null = null): string {
  const p = planFor(config(provider, routeType, options));
  if (isUnsupported(p)) return `unsupported ${p.status}: ${p.unsupported}`;
  const t = p.target({ operation: null, stream: false, model: 'm' });
  return 'origin' in t ? `${t.origin}${t.clientPath ? '<client path>' : (t.path ?? '<route path>')}` : `no target: ${t.message}`;
}

describe('OpenAI-family drivers: Kong\'s default upstreams', () => {
  const table: [string, string, Record<string, unknown> | null, string][] = [
    ['openai', 'llm/v1/chat', null, 'https://api.openai.com:443/v1/chat/completions'],
    ['openai', 'llm/v1/completions', null, 'https://api.openai.com:443/v1/completions'],
    ['openai', 'llm/v1/embeddings', null, 'https://api.openai.com:443/v1/embeddings'],
    ['cerebras', 'llm/v1/chat', null, 'https://api.cerebras.ai:443/v1/chat/completions'],
    ['dashscope', 'llm/v1/chat', null, 'https://dashscope-intl.aliyuncs.com:443/compatible-mode/v1/chat/completions'],
    ['dashscope', 'llm/v1/chat', { dashscope: { international: false } }, 'https://dashscope.aliyuncs.com:443/compatible-mode/v1/chat/completions'],
    ['dashscope', 'llm/v1/embeddings', null, 'https://dashscope-intl.aliyuncs.com:443/compatible-mode/v1/embeddings'],
    ['xai', 'llm/v1/chat', null, 'https://api.x.ai:443/v1/chat/completions'],
    ['databricks', 'llm/v1/chat', { databricks: { workspace_instance_id: 'dbc-1' } }, 'https://dbc-1.cloud.databricks.com:443/serving-endpoints/v1/chat/completions'],
    ['deepseek', 'llm/v1/chat', null, 'https://api.deepseek.com:443/v1/chat/completions'],
    ['mistral', 'llm/v1/chat', { mistral_format: 'openai' }, 'https://api.mistral.ai:443/v1/chat/completions'],
    ['mistral', 'llm/v1/embeddings', { mistral_format: 'openai' }, 'https://api.mistral.ai:443/v1/embeddings'],
    ['vllm', 'llm/v1/chat', { upstream_url: 'http://10.0.0.1:8000' }, 'http://10.0.0.1:8000/v1/chat/completions'],
    ['vllm', 'llm/v1/chat', { upstream_url: 'http://10.0.0.1:8000/custom' }, 'http://10.0.0.1:8000/custom'],
    ['ollama', 'llm/v1/chat', { upstream_url: 'http://ollama:11434' }, 'http://ollama:11434/api/chat'],
    ['ollama', 'llm/v1/completions', { upstream_url: 'http://ollama:11434' }, 'http://ollama:11434/api/generate'],
    ['ollama', 'llm/v1/embeddings', { upstream_url: 'http://ollama:11434' }, 'http://ollama:11434/api/embed'],
    ['llama2', 'llm/v1/chat', { llama2_format: 'openai', upstream_url: 'http://llama:8080/v1/chat/completions' }, 'https://llama:8080/v1/chat/completions'.replace('https', 'http')],
    // Kong 3.10's OpenAI-family rule: an upstream_url without a path calls `/`
    ['llama2', 'llm/v1/chat', { llama2_format: 'ollama', upstream_url: 'http://llama:8080' }, 'http://llama:8080/'],
    ['llama2', 'llm/v1/completions', { llama2_format: 'raw', upstream_url: 'http://llama:8080/raw' }, 'http://llama:8080/raw'],
    // Kong: upstream_url replaces scheme, host, port and path; no port means 443, even for http
    ['openai', 'llm/v1/chat', { upstream_url: 'http://proxy.local/openai/v1/chat/completions' }, 'http://proxy.local:443/openai/v1/chat/completions'],
    ['openai', 'llm/v1/chat', { upstream_path: '/custom/chat' }, 'https://api.openai.com:443/custom/chat'],
    // preserve: the client's own path (Kong's override_upstream_url), unless upstream_path
    ['openai', 'preserve', null, 'https://api.openai.com:443<client path>'],
    ['openai', 'preserve', { upstream_url: 'http://local:8000/ignored' }, 'http://local:8000<client path>'],
    ['openai', 'preserve', { upstream_path: '/v1/responses' }, 'https://api.openai.com:443/v1/responses'],
  ];
  for (const [provider, routeType, options, expected] of table) {
    it(`${provider} ${routeType}${options ? ` ${JSON.stringify(options)}` : ''} → ${expected}`, () => assert.equal(url(provider, routeType, options), expected));
  }
});

describe('OpenAI-family drivers: refusals name the field', () => {
  const table: [string, string, Record<string, unknown> | null, string][] = [
    ['deepseek', 'llm/v1/embeddings', null, 'unsupported 400: no transformer for deepseek://llm/v1/embeddings'],
    ['cerebras', 'llm/v1/completions', null, 'unsupported 400: no transformer for cerebras://llm/v1/completions'],
    ['vllm', 'llm/v1/chat', null, "unsupported 500: must set 'model.options.upstream_url' for self-hosted providers/models"],
    ['ollama', 'llm/v1/chat', null, "unsupported 500: must set 'model.options.upstream_url' for self-hosted providers/models"],
    ['databricks', 'llm/v1/chat', null, "unsupported 500: must set 'model.options.databricks.workspace_instance_id' (or 'model.options.upstream_url') for databricks provider"],
    ['mistral', 'llm/v1/chat', null, "unsupported 500: must set 'model.options.mistral_format' for mistral provider"],
    ['llama2', 'llm/v1/chat', { upstream_url: 'http://x' }, "unsupported 500: must set 'model.options.llama2_format' for llama2 provider"],
    ['llama2', 'llm/v1/chat', { llama2_format: 'openai' }, "unsupported 500: must set 'model.options.upstream_url' for self-hosted providers/models"],
    ['mistral', 'llm/v1/chat', { mistral_format: 'ollama' }, "unsupported 500: must set 'model.options.upstream_url' for self-hosted providers/models"],
    ['openai', 'image/v1/images/generations', null, "unsupported 400: config.route_type 'image/v1/images/generations' is not supported by this gateway: it proxies text only (llm/v1/chat, llm/v1/completions, llm/v1/embeddings, preserve)"],
    ['openai', 'audio/v1/audio/speech', null, "unsupported 400: config.route_type 'audio/v1/audio/speech' is not supported by this gateway: it proxies text only (llm/v1/chat, llm/v1/completions, llm/v1/embeddings, preserve)"],
  ];
  for (const [provider, routeType, options, expected] of table) {
    it(`${provider} ${routeType}`, () => assert.equal(url(provider, routeType, options), expected));
  }
  it('a provider without a driver yet: 500 naming config.model.provider', () => {
    assert.match(url('no-such-vendor', 'llm/v1/chat'), /^unsupported 500: model.provider 'no-such-vendor' is not supported by this gateway yet; set config.model.provider to one of huggingface, openai, /);
  });
});

describe('auth placement (Kong semantics per driver)', () => {
  const plan = (provider: string, auth: Record<string, unknown>, options: Record<string, unknown> | null = null) =>
    planFor(config(provider, 'llm/v1/chat', options, { auth: { allow_override: false, ...auth } })) as DriverPlan;
  it('openai family: header, allow_override keeps the client\'s; query and body params', () => {
    assert.equal(describeAuth(plan('openai', { header_name: 'Authorization', header_value: 'Bearer sk-secret' }).auth), "header authorization (replaces the client's)");
    assert.equal(describeAuth(plan('openai', { header_name: 'Authorization', header_value: 'Bearer sk-secret', allow_override: true }).auth), "header authorization (the client's own kept: allow_override)");
    assert.equal(describeAuth(plan('xai', { param_name: 'key', param_value: 's', param_location: 'query' }).auth), 'query parameter key');
    assert.equal(describeAuth(plan('deepseek', { param_name: 'key', param_value: 's', param_location: 'body' }).auth), 'body field key');
  });
  it('huggingface OpenAI format sets the header whatever allow_override says, and applies no query param', () => {
    const p = plan('huggingface', { header_name: 'Authorization', header_value: 'Bearer hf', allow_override: true, param_name: 'k', param_value: 'v', param_location: 'query' });
    assert.equal(describeAuth(p.auth), "header authorization (replaces the client's)");
  });
  it('the description never holds the secret', () => {
    assert.doesNotMatch(describeAuth(plan('openai', { header_name: 'Authorization', header_value: 'Bearer sk-secret', param_name: 'key', param_value: 'p-secret', param_location: 'query' }).auth), /secret/);
  });
});
