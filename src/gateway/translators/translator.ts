// The contract every translator implements: one per (client format, upstream format) pair,
// named <client>-to-<upstream>.ts. A translator turns the client's request body into the
// upstream's, and the upstream's answer (a whole body, or one SSE event at a time) into what
// the client gets. It never throws for bad input: failures are values with Kong's messages.
import type { SseEvent } from '../sse/parser.js';

/** The route types ai-proxy translates for Hugging Face. */
export type RouteType = 'llm/v1/chat' | 'llm/v1/completions';

/** The slice of the ai-proxy `config.model` a translator reads. */
export interface ModelSettings {
  readonly provider: string;
  readonly name: string | null;
  readonly options: {
    readonly max_tokens?: number | null;
    readonly temperature?: number | null;
    readonly top_p?: number | null;
    readonly top_k?: number | null;
    readonly huggingface?: { readonly use_cache?: boolean | null; readonly wait_for_model?: boolean | null } | null;
  } | null;
}

export interface TokenUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

export type Translated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface ResponseTranslation {
  /** What the client gets. */
  readonly body: Buffer | string;
  readonly usage: TokenUsage;
  readonly responseModel: string | undefined;
  /** The generated text (for log_payloads and token estimates). */
  readonly text: string;
}

export interface StreamStep {
  /** Bytes to send the client for this event; undefined = drop it. */
  readonly frame: string | undefined;
  readonly text: string;
  readonly usage?: TokenUsage;
  readonly responseModel?: string;
}

export interface Translator {
  readonly name: string;
  /** True when the client's body bytes go upstream unchanged (native formats). */
  readonly passthrough: boolean;
  /** The upstream body for a validated client body (passthrough translators return the raw bytes). */
  requestBody(body: Record<string, unknown>, raw: Buffer, routeType: RouteType, model: ModelSettings): Translated<Buffer>;
  /** A 200 non-stream upstream body → the client's body (headers: the upstream's, lower-case). */
  responseBody(
    upstream: Buffer,
    routeType: RouteType,
    model: ModelSettings,
    headers?: Readonly<Record<string, string | string[] | undefined>>,
  ): Translated<ResponseTranslation>;
  /** One upstream SSE event → the client's frame (or nothing). */
  streamEvent(event: SseEvent, routeType: RouteType, model: ModelSettings): StreamStep;
  /** Sent after the last upstream event (OpenAI: `data: [DONE]`). */
  readonly streamTerminator: string | undefined;
  /**
   * The last frame before the client's connection is cut because the upstream died or stalled
   * mid-stream (OpenAI: an error event, so SDKs raise); undefined = nothing (native streams
   * carry the upstream's bytes only).
   */
  streamError(failure: StreamFailure): string | undefined;
}

/** Why a stream was cut (the slice of the gateway's upstream failure a translator reads). */
export interface StreamFailure {
  /** timeout, reset, … */
  readonly cause: string;
  /** e.g. "no data within read_timeout 60000 ms" */
  readonly detail: string;
}

/** Kong's message when a 200 upstream answer cannot be converted (sent with status 500). */
export function conversionFailure(routeType: string, message: string): string {
  return `transformation failed from type huggingface://${routeType}: ${message}`;
}
