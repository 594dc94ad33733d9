// The cty codec on a realistic resource: konnect_gateway_plugin_ai_proxy's implied object type
// (nested config, sets, lists, computed attributes unknown in the plan). Encode+decode
// round trips of msgpack and JSON run side by side in this one process, interleaved in rounds,
// with the untyped libraries (@msgpack/msgpack, JSON.stringify/parse) of the same data as the
// floor. Prints ops/s and ratios. JSON cannot carry unknowns, so the JSON rows use the applied
// (wholly known) state; msgpack gets both the applied and the planned state.
import { decode as rawDecode, encode as rawEncode } from '@msgpack/msgpack';
import { cty, CtyNumber, decodeJson, decodeMsgpack, encodeJson, encodeMsgpack, Unknown, valueEquals, type CtyType, type CtyValue } from '../src/cty/index.js';

const s = cty.string;
const b = cty.bool;
const num = cty.number;
const obj = (attrs: Record<string, CtyType>) => cty.object(attrs);
const strings = (...names: string[]) => Object.fromEntries(names.map((n) => [n, s]));

const aiProxyType = obj({
  condition: s,
  config: obj({
    auth: obj({
      ...strings('aws_access_key_id', 'aws_secret_access_key', 'azure_client_id', 'azure_client_secret', 'azure_tenant_id'),
      ...strings('gcp_metadata_url', 'gcp_oauth_token_url', 'gcp_service_account_json', 'header_name', 'header_value'),
      ...strings('param_location', 'param_name', 'param_value'),
      allow_override: b,
      azure_use_managed_identity: b,
      gcp_use_service_account: b,
    }),
    genai_category: s,
    llm_format: s,
    logging: obj({ log_payloads: b, log_statistics: b }),
    max_request_body_size: num,
    model: obj({
      model_alias: s,
      name: s,
      provider: s,
      options: obj({
        ...strings('anthropic_version', 'azure_api_version', 'azure_deployment_id', 'azure_instance', 'llama2_format', 'mistral_format'),
        ...strings('upstream_path', 'upstream_url'),
        bedrock: obj(strings('aws_assume_role_arn', 'aws_region', 'aws_role_session_name', 'aws_sts_endpoint_url')),
        gemini: obj(strings('api_endpoint', 'endpoint_id', 'location_id', 'project_id')),
        huggingface: obj({ use_cache: b, wait_for_model: b }),
        embeddings_dimensions: num,
        input_cost: num,
        output_cost: num,
        max_tokens: num,
        temperature: num,
        top_k: num,
        top_p: num,
      }),
    }),
    model_name_header: b,
    response_streaming: s,
    route_type: s,
  }),
  consumer: obj({ id: s }),
  consumer_group: obj({ id: s }),
  control_plane_id: s,
  created_at: num,
  enabled: b,
  id: s,
  instance_name: s,
  ordering: obj({ after: obj({ access: cty.list(s) }), before: obj({ access: cty.list(s) }) }),
  partials: cty.list(obj({ id: s, name: s, path: s })),
  protocols: cty.set(s),
  route: obj({ id: s }),
  service: obj({ id: s }),
  tags: cty.list(s),
  updated_at: num,
});

/** Fills every attribute the literal does not name with null, recursively through objects. */
function fill(type: CtyType, value: Record<string, unknown>): CtyValue {
  if (type.kind !== 'object') return value as CtyValue;
  const out: Record<string, CtyValue> = {};
  for (const [name, t] of Object.entries(type.attributes)) {
    const v = value[name];
    out[name] = v === undefined ? null : t.kind === 'object' && v !== null && typeof v === 'object' && !(v instanceof Unknown) ? fill(t, v as Record<string, unknown>) : (v as CtyValue);
  }
  return out;
}

const n = (v: number | string) => CtyNumber.from(v);
const common = {
  control_plane_id: '9524ec7d-36d9-465d-a8c5-83a3c9390458',
  enabled: true,
  instance_name: 'hf-chat',
  protocols: ['grpc', 'grpcs', 'http', 'https'],
  route: { id: 'b9f1a6c2-4b1a-4a55-9a55-3f7f2e0c1d11' },
  tags: ['team-ai', 'env-dev', 'huggingface'],
  partials: [],
  config: {
    auth: { header_name: 'Authorization', header_value: 'Bearer hf_your_own_token', allow_override: false },
    genai_category: 'text/generation',
    llm_format: 'openai',
    logging: { log_payloads: false, log_statistics: true },
    max_request_body_size: n(8388608),
    model: {
      name: 'meta-llama/Llama-3.1-8B-Instruct',
      provider: 'huggingface',
      options: { max_tokens: n(512), temperature: n('0.7'), top_p: n('0.95'), top_k: n(40), input_cost: n('0.000015'), output_cost: n('0.00006'), upstream_url: 'http://127.0.0.1:8080', huggingface: { use_cache: true, wait_for_model: true } },
    },
    model_name_header: true,
    response_streaming: 'allow',
    route_type: 'llm/v1/chat',
  },
};
const applied = fill(aiProxyType, { ...common, id: '0d4e6a8f-3c2b-4e1f-9a7d-2b6c5e4f3a21', created_at: n(1718000000), updated_at: n(1718000123) });
const planned = fill(aiProxyType, {
  ...common,
  id: Unknown.refined({ notNull: true }),
  created_at: Unknown.plain,
  updated_at: Unknown.plain,
  consumer: Unknown.plain,
  ordering: Unknown.plain,
});

// Sanity: every path round-trips before we time it.
for (const [name, ok] of [
  ['msgpack applied', valueEquals(decodeMsgpack(encodeMsgpack(applied, aiProxyType), aiProxyType), applied, aiProxyType)],
  ['msgpack planned', valueEquals(decodeMsgpack(encodeMsgpack(planned, aiProxyType), aiProxyType), planned, aiProxyType)],
  ['json applied', valueEquals(decodeJson(encodeJson(applied, aiProxyType), aiProxyType), applied, aiProxyType)],
] as const) {
  if (!ok) throw new Error(`${name} does not round-trip`);
}
const appliedBytes = encodeMsgpack(applied, aiProxyType);
const appliedJson = encodeJson(applied, aiProxyType);
const untypedTree = JSON.parse(appliedJson) as unknown;

const cases: Record<string, () => void> = {
  'cty msgpack, applied state': () => void decodeMsgpack(encodeMsgpack(applied, aiProxyType), aiProxyType),
  'cty msgpack, planned state (unknowns)': () => void decodeMsgpack(encodeMsgpack(planned, aiProxyType), aiProxyType),
  'cty JSON, applied state': () => void decodeJson(encodeJson(applied, aiProxyType), aiProxyType),
  'untyped @msgpack/msgpack (floor)': () => void rawDecode(rawEncode(untypedTree)),
  'untyped JSON.stringify/parse (floor)': () => void JSON.parse(JSON.stringify(untypedTree)),
};

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 150);
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const f of Object.values(cases)) for (let i = 0; i < 300; i++) f(); // warm up
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, f] of Object.entries(cases)) {
    let ops = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ROUND_MS) {
      for (let i = 0; i < 50; i++) f();
      ops += 50;
      now = performance.now();
    }
    samples[name]!.push((ops * 1000) / (now - start));
  }
}
const median = (xs: number[]) => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)]!;
const rate = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));

console.log(`cty codec, konnect_gateway_plugin_ai_proxy object: msgpack ${appliedBytes.byteLength} B, JSON ${Buffer.byteLength(appliedJson)} B`);
console.log(`encode+decode round trips, median of ${ROUNDS} interleaved rounds of ${ROUND_MS} ms`);
for (const [name, r] of Object.entries(rate)) console.log(`  ${name.padEnd(42)} ${Math.round(r).toString().padStart(8)} ops/s  ${(1e6 / r).toFixed(1).padStart(7)} µs/op`);
const ratio = (a: string, c: string) => (rate[a]! / rate[c]!).toFixed(2);
console.log(`  ratio msgpack / JSON (applied state, ops/s):            ${ratio('cty msgpack, applied state', 'cty JSON, applied state')}x`);
console.log(`  ratio cty msgpack / untyped @msgpack/msgpack (ops/s):   ${ratio('cty msgpack, applied state', 'untyped @msgpack/msgpack (floor)')}x`);
console.log(`  ratio cty JSON / untyped JSON.stringify+parse (ops/s):  ${ratio('cty JSON, applied state', 'untyped JSON.stringify/parse (floor)')}x`);
