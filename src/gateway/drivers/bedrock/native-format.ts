// Native Bedrock clients (`llm_format: bedrock`, Kong 3.10's bedrock adapter; reference
// llm-providers 3): the AWS SDK's BedrockRuntimeClient pointed at the gateway calls
// POST …/model/{modelId}/converse or /converse-stream; the model comes from the path (URL-decoded,
// checked against the configured one), the stream from the operation. The body goes upstream
// byte for byte to the configured model's URL, signed afresh with the configured credentials (the
// client's own signature is dropped); the answer — JSON or the binary event stream — comes back
// byte for byte. Usage: `usage.inputTokens`/`outputTokens` of an answer, the stream's `metadata`.
import type { OperationCheck, ResponseTranslation, StreamStep, TokenUsage, Translated, Translator } from '../driver.js';
import type { FrameEvent } from '../framing.js';
import { NO_PROMPTS } from '../messages.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const PATH = /\/model\/([^/]+)\/([^/]+)$/;

function operation(method: string, strippedPath: string): OperationCheck {
  const m = PATH.exec(strippedPath);
  if (m === null || (m[2] !== 'converse' && m[2] !== 'converse-stream')) {
    // Kong 3.10's bedrock adapter knows Converse only (it would send an InvokeModel body to
    // …/converse): the other Bedrock Runtime operations (invoke, invoke-with-response-stream, …) are refused.
    return {
      ok: false,
      status: 400,
      message: `${strippedPath} is not a supported Bedrock native API: llm_format 'bedrock' takes the Converse API only, as Kong 3.10 (use POST /model/{modelId}/converse or /model/{modelId}/converse-stream)`,
    };
  }
  if (method !== 'POST') return { ok: false, status: 405, message: `${method} is not supported for ${strippedPath}; Bedrock's Converse API takes POST`, headers: { allow: 'POST' } };
  let model: string;
  try {
    model = decodeURIComponent(m[1]!);
  } catch {
    model = m[1]!;
  }
  return { ok: true, operation: m[2], stream: m[2] === 'converse-stream', model };
}

function usageOf(u: unknown): TokenUsage {
  const out: TokenUsage = {};
  if (!isObj(u)) return out;
  if (typeof u.inputTokens === 'number') out.prompt_tokens = u.inputTokens;
  if (typeof u.outputTokens === 'number') out.completion_tokens = u.outputTokens;
  return out;
}

function responseBody(upstream: Buffer): Translated<ResponseTranslation> {
  let r: unknown;
  try {
    r = JSON.parse(upstream.toString('utf8'));
  } catch {
    r = undefined; // relayed unchanged all the same
  }
  const o = isObj(r) ? r : {};
  const content = isObj(o.output) && isObj(o.output.message) && Array.isArray(o.output.message.content) ? (o.output.message.content as unknown[]) : [];
  const text = content.map((b) => (isObj(b) && typeof b.text === 'string' ? b.text : '')).join('');
  return { ok: true, value: { body: upstream, usage: usageOf(o.usage), responseModel: undefined, text } };
}

function streamEvent(event: FrameEvent): StreamStep {
  if (event.event !== 'metadata' && event.event !== 'contentBlockDelta') return { frame: undefined, text: '' };
  let e: unknown;
  try {
    e = JSON.parse(event.data);
  } catch {
    return { frame: undefined, text: '' };
  }
  if (!isObj(e)) return { frame: undefined, text: '' };
  if (event.event === 'metadata') return { frame: undefined, text: '', usage: usageOf(e.usage) };
  return { frame: undefined, text: isObj(e.delta) && typeof e.delta.text === 'string' ? e.delta.text : '' };
}

export const bedrockToBedrock: Translator = {
  name: 'bedrock-to-bedrock',
  passthrough: true,
  framing: 'aws-eventstream',
  operation,
  nativeRequest: (body) => (!Array.isArray(body.messages) ? { ok: false, message: NO_PROMPTS } : { ok: true }),
  requestBody: (_body, raw) => ({ ok: true, value: raw }),
  responseBody: (upstream) => responseBody(upstream),
  streamEvent,
  streamTerminator: undefined,
  streamError: () => undefined,
};
