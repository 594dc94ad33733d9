// One conformance suite every driver runs (STYLE 13): for each provider in DRIVERS, each text
// route type and each format option it has, the plan is either a DriverPlan or a refusal naming
// the field to change, and its translator keeps the contract — never throws on garbage (bad
// JSON, wrong shapes, empty events), answers a conversion failure as a value, frames stream
// output as `data: <json>\n\n`, and cuts a stream with an OpenAI error event or nothing. A new
// driver is checked by adding it to DRIVERS.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AiProxyConfig } from '../../schemas/index.js';
import { createDecoder } from './framing.js';
import { DRIVERS, isUnsupported, planFor, type DriverPlan, type RouteType } from './index.js';
import { OpenAiStreamWriter } from './openai-stream.js';

const ROUTE_TYPES: RouteType[] = ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings', 'preserve'];
/** Options that select formats or are required by a provider, so every plan shape is reached. */
const VARIANTS: Record<string, Record<string, unknown>[]> = {
  mistral: [{ mistral_format: 'openai' }, { mistral_format: 'ollama', upstream_url: 'http://m:1/api/chat' }],
  llama2: ['openai', 'ollama', 'raw'].map((f) => ({ llama2_format: f, upstream_url: 'http://l:1/x' })),
  databricks: [{ databricks: { workspace_instance_id: 'w' } }],
  vllm: [{ upstream_url: 'http://v:1' }],
  ollama: [{ upstream_url: 'http://o:1' }],
  huggingface: [{}, { upstream_url: 'http://tgi:1' }],
  anthropic: [{ anthropic_version: '2023-06-01' }, { anthropic_version: '2023-06-01', upstream_url: 'http://a:1/v1/messages' }],
  bedrock: [{ bedrock: { aws_region: 'us-east-1' } }, { bedrock: { aws_region: 'us-east-1' }, upstream_url: 'http://b:1' }],
  azure: [{ azure_instance: 'i', azure_deployment_id: 'd', azure_api_version: '2024-10-21' }, { upstream_url: 'http://az:1' }],
  gemini: [{}, { gemini: { api_endpoint: 'v:1', project_id: 'p', location_id: 'l' } }, { upstream_url: 'http://g:1' }],
  cohere: [{}, { upstream_url: 'http://c:1/v1/chat' }],
};
const FORMATS: Record<string, string[]> = { huggingface: ['openai', 'huggingface'], anthropic: ['openai', 'anthropic'], bedrock: ['openai', 'bedrock'], gemini: ['openai', 'gemini'], cohere: ['openai', 'cohere'] };

function config(provider: string, routeType: string, llmFormat: string, options: Record<string, unknown>): AiProxyConfig {
  return {
    route_type: routeType,
    llm_format: llmFormat,
    response_streaming: 'allow',
    max_request_body_size: 8192,
    model_name_header: true,
    logging: { log_statistics: false, log_payloads: false },
    auth: { header_name: 'Authorization', header_value: 'Bearer secret-value', allow_override: false, aws_access_key_id: 'AKIA-id', aws_secret_access_key: 'secret-value-aws' },
    model: { provider, name: 'm', options },
  } as unknown as AiProxyConfig;
}

const GARBAGE = ['', 'not json', '[]', 'null', '42', '"s"', '{}', '{"choices":null}', '{"choices":[null]}', '{"data":{}}', '{"message":7}', '{"error":{"x":1}}'];
const model = (options: Record<string, unknown>) => ({ provider: 'p', name: 'm', options });

for (const provider of DRIVERS.keys()) {
  describe(`driver conformance: ${provider}`, () => {
    for (const llmFormat of FORMATS[provider] ?? ['openai']) {
      for (const options of VARIANTS[provider] ?? [{}]) {
        for (const routeType of ROUTE_TYPES) {
          const label = `${llmFormat} ${routeType} ${JSON.stringify(options)}`;
          it(label, () => {
            const planned = planFor(config(provider, routeType, llmFormat, options));
            if (isUnsupported(planned)) {
              assert.match(planned.unsupported, /config\.|model\.options\.|model\.provider|no transformer for|llm_format|route_type/, 'a refusal names what to change');
              assert.ok(planned.status === 400 || planned.status === 500);
              return;
            }
            const plan: DriverPlan = planned;
            assert.ok(plan.name.startsWith(provider), `plan name '${plan.name}' starts with the provider`);
            assert.doesNotMatch(JSON.stringify({ ...plan, auth: { ...plan.auth, header: plan.auth.header?.name } }), /secret-value/);
            const t = plan.translator;
            const target = plan.target({ operation: null, stream: false, model: 'm' });
            assert.ok('origin' in target || typeof target.message === 'string');
            for (const g of GARBAGE) {
              assert.doesNotThrow(() => t.responseBody(Buffer.from(g), routeType, model(options), {}), `responseBody(${g})`);
              const step = t.streamEvent({ event: undefined, id: undefined, data: g }, routeType, model(options));
              assert.equal(typeof step.text, 'string');
              const frame = new OpenAiStreamWriter({ id: 'i', created: 1, model: 'm', object: 'chat.completion.chunk' }, false).write(step);
              if (!t.passthrough && frame !== '') assert.match(frame, /^data: \{.*\}\n\n$/s, `frame for ${g}`);
            }
            const r = t.responseBody(Buffer.from('not json'), routeType, model(options), {});
            if (!t.passthrough) assert.equal(r.ok, false, 'a body that is not JSON is a conversion failure (Kong\'s 500)');
            const cut = t.streamError({ cause: 'reset', detail: 'x' });
            if (t.passthrough) assert.equal(cut, undefined, 'passthrough streams get nothing added');
            else assert.match(cut!, /^data: \{"error":\{"message":".+","type":"upstream_error"\}\}\n\n$/);
            assert.doesNotThrow(() => createDecoder(t.framing).push(Buffer.from('\x00\xff garbage\n\n')));
          });
        }
      }
    }
  });
}
