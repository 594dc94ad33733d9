// Responses the gateway makes itself, in Kong's shapes:
// - plugin exits (ai-proxy): `{"error":{"message":"…"}}`, application/json; charset=utf-8;
// - core errors (404 no route, 502/503/504 upstream failures): Kong's error template, chosen by
//   the client's Accept (then Content-Type), JSON `{\n  "message":"…",\n  "request_id":"…"\n}`.
// Both carry X-Kong-Response-Latency, Server and X-Kong-Request-Id, never upstream latencies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SERVER } from './version.js';

export const CORE_MESSAGES = {
  400: 'Bad request',
  404: 'no Route matched with those values',
  408: 'Request timeout',
  431: 'Request header or cookie too large',
  502: 'An invalid response was received from the upstream server',
  503: 'The upstream server is currently unavailable',
  504: 'The upstream server is timing out',
  500: 'An unexpected error occurred',
} as const;

export interface GatewayResponseContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestId: string;
  /** process.hrtime.bigint() when the request arrived. */
  readonly startNs: bigint;
}

function latencyMs(startNs: bigint): string {
  return String(Number((process.hrtime.bigint() - startNs) / 1_000_000n));
}

function send(ctx: GatewayResponseContext, status: number, contentType: string, body: string, extra?: Record<string, string>): void {
  const { res } = ctx;
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-kong-response-latency': latencyMs(ctx.startNs),
    server: SERVER,
    'x-kong-request-id': ctx.requestId,
    ...extra,
  });
  res.end(body);
}

/** kong.response.exit(status, {error = {message}}) — what ai-proxy's filters return. */
export function sendPluginError(ctx: GatewayResponseContext, status: number, message: string, extra?: Record<string, string>): void {
  send(ctx, status, 'application/json; charset=utf-8', JSON.stringify({ error: { message } }), extra);
}

/** kong.response.exit(status, {message}) — what Kong's rate-limiting plugins return. */
export function sendPluginMessage(ctx: GatewayResponseContext, status: number, message: string, extra?: Record<string, string>): void {
  send(ctx, status, 'application/json; charset=utf-8', JSON.stringify({ message }), extra);
}

/** kong.response.exit(status, "<plain string>") (e.g. the HF driver's missing-model 400). */
export function sendPluginText(ctx: GatewayResponseContext, status: number, text: string): void {
  send(ctx, status, 'text/plain; charset=utf-8', text);
}

function pickFormat(req: IncomingMessage, fallback: 'json' | 'text'): 'json' | 'html' | 'text' | 'xml' {
  for (const header of [req.headers.accept, req.headers['content-type']]) {
    if (typeof header !== 'string' || header === '' || header.includes('*/*')) continue;
    if (header.includes('json')) return 'json';
    if (header.includes('html')) return 'html';
    if (header.includes('xml')) return 'xml';
    if (header.includes('text/plain')) return 'text';
  }
  return fallback;
}

const escapeMarkup = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Kong's core error page (error_handlers.lua / kong.response.error); `custom` replaces Kong's
 * generic text where the gateway knows better (a plugin it does not run), in the same template;
 * `extra` adds response headers (e.g. `Connection: close`).
 */
export function sendCoreError(
  ctx: GatewayResponseContext,
  status: keyof typeof CORE_MESSAGES,
  fallback: 'json' | 'text' = 'json',
  custom?: string,
  extra?: Record<string, string>,
): void {
  const format = pickFormat(ctx.req, fallback);
  const message = custom === undefined ? CORE_MESSAGES[status] : format === 'json' ? JSON.stringify(custom).slice(1, -1) : format === 'text' ? custom : escapeMarkup(custom);
  const id = ctx.requestId;
  if (format === 'json') send(ctx, status, 'application/json; charset=utf-8', `{\n  "message":"${message}",\n  "request_id":"${id}"\n}`, extra);
  else if (format === 'html')
    send(ctx, status, 'text/html; charset=utf-8', `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<h1>Error</h1>\n<p>${message}.</p>\n<p>request_id: ${id}</p>\n</body>\n</html>\n`, extra);
  else if (format === 'xml')
    send(ctx, status, 'application/xml; charset=utf-8', `<?xml version="1.0" encoding="UTF-8"?>\n<error>\n  <message>${message}</message>\n  <requestid>${id}</requestid>\n</error>\n`, extra);
  else send(ctx, status, 'text/plain; charset=utf-8', `${message}\nrequest_id: ${id}\n`, extra);
}
