// OpenAI-format chat translation cost per provider, side by side in one process, interleaved in
// rounds: the `openai` driver (the body passed through) against `anthropic` (Messages API) and
// `bedrock` (Converse; its stream is AWS's binary event stream, CRC-checked). Per request: the
// request body translation, the answer's translation and its serialization (what the proxy's
// respond stage does). Per stream event: decoding a 50-token stream in the vendor's framing,
// translating each event and writing the OpenAI chunk (what relay-stream does), divided by the
// events. Prints µs per request and per event and the ratio to openai; exits non-zero when a
// provider's translation adds more than 1 ms per stream event (issue #13's target).
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { openAiToAnthropic } from '../src/gateway/drivers/anthropic/index.js';
import { openAiToBedrock } from '../src/gateway/drivers/bedrock/index.js';
import { completeResponse, createDecoder, OpenAiStreamWriter, type ModelSettings, type Translator } from '../src/gateway/drivers/index.js';
import { openAiPassthrough } from '../src/gateway/drivers/openai/index.js';

const TOKENS = 50;
const ROUNDS = 7;
const REQUESTS = 4_000;
const STREAMS = 400;
const LIMIT_MS_PER_EVENT = 1;

const words = Array.from({ length: TOKENS }, (_, i) => ` word${i}`);
const clientBody = {
  model: 'm',
  messages: [
    { role: 'system', content: 'You are a helpful assistant. Answer briefly.' },
    { role: 'user', content: 'Tell me about the weather in Paris in spring, and what to wear.' },
    { role: 'assistant', content: 'Mild, around 15 degrees; bring a light jacket.' },
    { role: 'user', content: 'And in the evening?' },
  ],
  temperature: 0.7,
  max_tokens: 256,
  stream: false,
};

const openaiAnswer = { id: 'chatcmpl-1', object: 'chat.completion', created: 1730000000, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: words.join('') }, finish_reason: 'stop' }], usage: { prompt_tokens: 40, completion_tokens: TOKENS, total_tokens: 40 + TOKENS } };
const anthropicAnswer = { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text: words.join('') }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 40, output_tokens: TOKENS } };
const bedrockAnswer = { output: { message: { role: 'assistant', content: [{ text: words.join('') }] } }, stopReason: 'end_turn', usage: { inputTokens: 40, outputTokens: TOKENS, totalTokens: 40 + TOKENS }, metrics: { latencyMs: 300 } };

const sse = (event: string | null, data: object) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
const openaiStream = Buffer.from(
  [
    sse(null, { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }),
    ...words.map((w) => sse(null, { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: w }, finish_reason: null }] })),
    sse(null, { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    'data: [DONE]\n\n',
  ].join(''),
);
const anthropicStream = Buffer.from(
  [
    sse('message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'm', stop_reason: null, stop_sequence: null, usage: { input_tokens: 40, output_tokens: 1 } } }),
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ...words.map((w) => sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: w } })),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: TOKENS } }),
    sse('message_stop', { type: 'message_stop' }),
  ].join(''),
);
const codec = new EventStreamCodec((b: Uint8Array) => Buffer.from(b).toString('utf8'), (s: string) => new Uint8Array(Buffer.from(s, 'utf8')));
const str = (value: string) => ({ type: 'string' as const, value });
const ev = (type: string, payload: object) => codec.encode({ headers: { ':event-type': str(type), ':content-type': str('application/json'), ':message-type': str('event') }, body: new Uint8Array(Buffer.from(JSON.stringify({ ...payload, p: 'abcdefgh' }))) });
const bedrockStream = Buffer.concat([
  ev('messageStart', { role: 'assistant' }),
  ...words.map((w) => ev('contentBlockDelta', { contentBlockIndex: 0, delta: { text: w } })),
  ev('contentBlockStop', { contentBlockIndex: 0 }),
  ev('messageStop', { stopReason: 'end_turn' }),
  ev('metadata', { usage: { inputTokens: 40, outputTokens: TOKENS, totalTokens: 40 + TOKENS }, metrics: { latencyMs: 300 } }),
]);

interface Row {
  readonly name: string;
  readonly t: Translator;
  readonly model: ModelSettings;
  readonly answer: Buffer;
  readonly stream: Buffer;
}
const ROWS: Row[] = [
  { name: 'openai', t: openAiPassthrough, model: { provider: 'openai', name: 'm', options: null }, answer: Buffer.from(JSON.stringify(openaiAnswer)), stream: openaiStream },
  { name: 'anthropic', t: openAiToAnthropic, model: { provider: 'anthropic', name: 'm', options: { anthropic_version: '2023-06-01' } }, answer: Buffer.from(JSON.stringify(anthropicAnswer)), stream: anthropicStream },
  { name: 'bedrock', t: openAiToBedrock, model: { provider: 'bedrock', name: 'm', options: null }, answer: Buffer.from(JSON.stringify(bedrockAnswer)), stream: bedrockStream },
];
const who = { id: 'chatcmpl-x', created: 1730000000, model: 'm', object: 'chat.completion.chunk' };

let sink = 0;
function perRequest(r: Row): number {
  const raw = Buffer.from(JSON.stringify(clientBody));
  const start = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) {
    const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>; // the stage parses once; the same for every row
    const up = r.t.requestBody(body, raw, 'llm/v1/chat', r.model);
    const res = r.t.responseBody(r.answer, 'llm/v1/chat', r.model, {});
    if (!up.ok || !res.ok) throw new Error(`${r.name}: translation failed`);
    const out = res.value.json !== undefined ? JSON.stringify(completeResponse(res.value.json, who)) : res.value.body;
    sink += up.value.length + out.length;
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / REQUESTS;
}

function perEvent(r: Row): number {
  let events = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < STREAMS; i++) {
    const decoder = createDecoder(r.t.framing);
    const translation = r.t.startStream?.() ?? r.t;
    const writer = new OpenAiStreamWriter(who, true);
    for (const e of decoder.push(r.stream)) {
      sink += writer.write(translation.streamEvent(e, 'llm/v1/chat', r.model)).length;
      events++;
    }
    sink += writer.end({ prompt_tokens: 40, completion_tokens: TOKENS }).length;
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / events;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const req: Record<string, number[]> = {};
const evt: Record<string, number[]> = {};
for (const r of ROWS) {
  perRequest(r); // warm-up
  perEvent(r);
  req[r.name] = [];
  evt[r.name] = [];
}
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? ROWS : [...ROWS].reverse();
  for (const r of order) {
    req[r.name]!.push(perRequest(r));
    evt[r.name]!.push(perEvent(r));
  }
}
const base = { req: median(req.openai!), evt: median(evt.openai!) };
console.log(`OpenAI-format chat translation, median of ${ROUNDS} interleaved rounds (${REQUESTS} requests, ${STREAMS} streams of ${TOKENS} tokens per round)`);
console.log('provider    µs/request (req+resp)  ×openai   µs/stream event  ×openai');
let failed = false;
for (const r of ROWS) {
  const q = median(req[r.name]!);
  const e = median(evt[r.name]!);
  console.log(`${r.name.padEnd(11)} ${q.toFixed(1).padStart(21)}  ${(q / base.req).toFixed(2).padStart(7)}  ${e.toFixed(2).padStart(15)}  ${(e / base.evt).toFixed(2).padStart(7)}`);
  if (e / 1000 > LIMIT_MS_PER_EVENT) failed = true;
}
console.log(`stream translation per event: target ≤ ${LIMIT_MS_PER_EVENT} ms ${failed ? 'MISSED' : 'met'} (sink ${sink % 10})`);
if (failed) process.exitCode = 1;
