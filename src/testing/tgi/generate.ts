// TGI's native text generation: POST /generate, POST /generate_stream and the compat POST /
// (which answers an array, or streams when the body says `stream: true`).
import type { ServerResponse } from 'node:http';
import type { GenerateRequest, GenerateResponse, StreamResponse } from '../../gateway/wire/tgi.js';
import type { RecordedRequest } from './recorder.js';
import { GENERATION_ERROR, writeEventStream, type StreamCut } from './stream.js';
import { DEFAULT_MAX_NEW_TOKENS, generateTokens, inputLength } from './text.js';

export interface GenerateOptions {
  readonly tokenDelayMs: number;
  readonly keepAliveMs: number;
  readonly cut?: StreamCut;
  /** Inject a TGI error event after this many tokens (then end the stream). */
  readonly errorAfter?: number;
}

function plan(req: GenerateRequest) {
  const p = req.parameters ?? {};
  const max = p.max_new_tokens ?? DEFAULT_MAX_NEW_TOKENS;
  const tokens = generateTokens(req.inputs, max);
  const text = tokens.map((t) => t.text).join('');
  const full = p.return_full_text === true ? req.inputs + text : text;
  return { tokens, full, details: p.details !== false, inputTokens: inputLength(req.inputs) };
}

export function generateResponse(req: GenerateRequest): { body: GenerateResponse; promptTokens: number; generatedTokens: number } {
  const { tokens, full, details, inputTokens } = plan(req);
  const body: GenerateResponse = {
    generated_text: full,
    details: details
      ? { finish_reason: 'length', generated_tokens: tokens.length, seed: null, prefill: [], tokens }
      : null,
  };
  return { body, promptTokens: inputTokens, generatedTokens: tokens.length };
}

export function sendGenerate(res: ServerResponse, req: GenerateRequest, asArray: boolean): void {
  const { body, promptTokens, generatedTokens } = generateResponse(req);
  const text = JSON.stringify(asArray ? [body] : body);
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-compute-type': 'gpu+optimized',
    'x-compute-characters': String(req.inputs.length),
    'x-prompt-tokens': String(promptTokens),
    'x-generated-tokens': String(generatedTokens),
  });
  res.end(text);
}

/** The exact event payloads /generate_stream sends for a request (tests use this too). */
export function streamEvents(req: GenerateRequest, errorAfter?: number): string[] {
  const { tokens, full, details, inputTokens } = plan(req);
  const events: string[] = tokens.map((token, i) => {
    const last = i === tokens.length - 1;
    const event: StreamResponse = {
      index: i + 1,
      token,
      generated_text: last ? full : null,
      details: last && details ? { finish_reason: 'length', generated_tokens: tokens.length, input_length: inputTokens, seed: null } : null,
    };
    return JSON.stringify(event);
  });
  if (errorAfter !== undefined) {
    return [
      ...events.slice(0, errorAfter),
      JSON.stringify(GENERATION_ERROR),
    ];
  }
  return events;
}

export function sendGenerateStream(res: ServerResponse, record: RecordedRequest, req: GenerateRequest, opts: GenerateOptions): void {
  writeEventStream(res, record, {
    events: streamEvents(req, opts.errorAfter),
    tokenDelayMs: opts.tokenDelayMs,
    keepAliveMs: opts.keepAliveMs,
    ...(opts.cut !== undefined ? { cut: opts.cut } : {}),
  });
}
