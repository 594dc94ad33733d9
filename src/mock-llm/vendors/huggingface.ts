// Hugging Face: served by a local TGI (src/testing/tgi, the server bin/mock-tgi runs; bin/mock-llm
// starts one in-process) to which these paths are relayed byte for byte, answer streamed as it
// comes: TGI's own /generate, /generate_stream, / and /v1/chat/completions, /info, /health (all
// under /huggingface/, and at the root those no other vendor has), and the hosted Inference API's shapes
// Kong's huggingface driver calls by default: /models/{model} (TGI's /) and
// /models/{model}/v1/chat/completions. The TGI checks the token and answers its own 401;
// faults become TGI's test controls (x-mock-tgi-outcome) or Hugging Face's error bodies.
import { pipeline } from 'node:stream/promises';
import { request } from 'undici';
import { bearerOf } from '../request.js';
import type { Ctx, Reply, Route, Vendor } from '../vendor.js';

const TGI_PATHS: Record<string, string> = { '/generate': 'generate', '/generate_stream': 'generate_stream', '/v1/chat/completions': 'chat', '/': 'completions', '/info': 'info', '/health': 'health' };
const HOSTED = /^\/models\/(?<model>[^/]+(?:\/[^/]+)?)(?<chat>\/v1\/chat\/completions)?$/;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host']);

export function huggingfaceError(status: number, message?: string): Reply {
  if (status === 401) return { status, body: { error: message ?? 'Invalid credentials in Authorization header' } };
  if (status === 429) return { status, body: { error: message ?? 'Rate limit reached. You reached free usage limit (reset hourly).' } };
  if (status === 503) return { status, body: { error: message ?? 'Model is currently loading', estimated_time: 20.0 } };
  if (status >= 500) return { status, body: { error: message ?? 'Request failed during generation: Server error', error_type: 'generation' } };
  return { status, body: { error: message ?? 'Input validation error', error_type: 'validation' } };
}

const FAULT_OUTCOMES: Record<string, string> = { 'cut-mid-stream': 'die_mid_stream', 'stream-error': 'stream_error', stall: 'slow' };

/** Routes under /huggingface/ (every TGI path) or, at the root, the paths no other vendor has. */
export function huggingface(key: string | undefined, tgiUrl: string | undefined): Vendor {
  return {
    name: 'huggingface',
    route(method: string, path: string): Route | undefined {
      if (tgiUrl === undefined) return undefined;
      const hosted = HOSTED.exec(path);
      if (hosted && method === 'POST') return { operation: hosted.groups!.chat ? 'chat' : 'completions', params: { model: hosted.groups!.model!, tgiPath: hosted.groups!.chat ? '/v1/chat/completions' : '/' } };
      const op = TGI_PATHS[path];
      if (op) return { operation: op, params: { tgiPath: path } };
      return undefined;
    },
    authenticate(ctx) {
      // TGI answers a bad token itself, with Hugging Face's body; the verdict is for the record.
      if (key === undefined) return { verdict: 'unchecked' };
      const got = bearerOf(ctx);
      return { verdict: got === undefined ? 'missing' : got === key ? 'valid' : 'invalid' };
    },
    error: huggingfaceError,
    async handle(ctx: Ctx, route: Route) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(ctx.req.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name) || name.startsWith(':')) continue;
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const outcome = ctx.fault ? FAULT_OUTCOMES[ctx.fault.kind] : undefined;
      if (outcome) headers['x-mock-tgi-outcome'] = outcome;
      if (outcome === 'slow') headers['x-mock-tgi-delay-ms'] = '3600000';
      headers['x-mock-tgi-token-delay-ms'] = String(ctx.tokenDelayMs);
      const query = ctx.query.toString();
      const upstream = await request(`${tgiUrl}${route.params.tgiPath}${query ? `?${query}` : ''}`, {
        method: ctx.method as 'POST',
        headers,
        ...(ctx.method === 'GET' || ctx.method === 'HEAD' ? {} : { body: ctx.body }),
      });
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(upstream.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
      ctx.record.status = upstream.statusCode;
      ctx.res.writeHead(upstream.statusCode, out);
      ctx.res.flushHeaders();
      ctx.res.on('close', () => upstream.body.destroy());
      try {
        await pipeline(upstream.body, ctx.res);
      } catch {
        ctx.res.destroy(); // the TGI died mid-answer: so does this one
      }
    },
  };
}
