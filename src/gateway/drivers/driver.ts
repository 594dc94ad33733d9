// The driver contract: one driver per `model.provider`, the only place that knows a vendor.
// A driver turns one ai-proxy instance into a DriverPlan (once per snapshot); the proxy stages
// ask the plan — never the provider name or the format — where the call goes (target), where
// the credential goes (auth), and how bodies and stream events are translated (translator).
// Nothing here throws for bad input: failures are values carrying Kong's messages.
import type { AiProxyConfig } from '../../schemas/index.js';
import type { AuthPlan } from './auth.js';
import type { FrameEvent, Framing } from './framing.js';
import type { UpstreamTarget } from './target.js';

/** Route types this gateway proxies (text). Every other `config.route_type` is refused with a 400. */
export type RouteType = 'llm/v1/chat' | 'llm/v1/completions' | 'llm/v1/embeddings' | 'preserve';

/** The slice of the ai-proxy `config.model` a translator reads. */
export interface ModelSettings {
  readonly provider: string;
  readonly name: string | null;
  readonly options: ModelOptions | null;
}

export interface ModelOptions {
  readonly max_tokens?: number | null;
  readonly temperature?: number | null;
  readonly top_p?: number | null;
  readonly top_k?: number | null;
  readonly input_cost?: number | null;
  readonly output_cost?: number | null;
  readonly upstream_url?: string | null;
  readonly upstream_path?: string | null;
  readonly mistral_format?: string | null;
  readonly llama2_format?: string | null;
  readonly huggingface?: { readonly use_cache?: boolean | null; readonly wait_for_model?: boolean | null } | null;
  readonly dashscope?: { readonly international?: boolean | null } | null;
  readonly databricks?: { readonly workspace_instance_id?: string | null } | null;
  readonly [other: string]: unknown;
}

/**
 * Token counts read from an answer. This is the one usage record of a request (ctx.usage):
 * analytics, metrics and any later stage (rate limiting) read it after the answer.
 */
export interface TokenUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

export type Translated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface ResponseTranslation {
  /** What the client gets. */
  readonly body: Buffer | string;
  /**
   * The OpenAI-format object behind `body`, when the translator built one: the proxy completes
   * it (id, created) before sending and then sends this instead of `body`.
   */
  readonly json?: Record<string, unknown>;
  readonly usage: TokenUsage;
  readonly responseModel: string | undefined;
  /** The generated text (for log_payloads and token estimates). */
  readonly text: string;
}

export interface StreamStep {
  /** Bytes to send the client for this event, as they are; undefined = nothing (or see `chunk`). */
  readonly frame: string | undefined;
  /**
   * An OpenAI chunk object to send: the proxy's OpenAI stream writer completes it (id, created,
   * model, object) and frames it as `data: <json>\n\n`. Takes precedence over `frame`.
   */
  readonly chunk?: Record<string, unknown>;
  readonly text: string;
  /** Counts this event carries; they replace the fields they name (vendors' counts are cumulative). */
  readonly usage?: TokenUsage;
  readonly responseModel?: string;
  /** This event carried a finish_reason (the writer then adds none at the end). */
  readonly finished?: boolean;
  /**
   * The upstream reported a failure in the stream (Anthropic `event: error`, a Bedrock exception
   * message): `frame` is the last thing the client gets — no finish or usage chunk, no terminator.
   */
  readonly failed?: boolean;
}

/** One stream's own translation (Translator.startStream). */
export interface StreamTranslation {
  streamEvent(event: FrameEvent, routeType: RouteType, model: ModelSettings): StreamStep;
}

/** What the client may call on a native route: the operation, whether it streams, and the model the path names (Gemini, Bedrock). */
export type OperationCheck =
  | { readonly ok: true; readonly operation: string; readonly stream: boolean; readonly model?: string }
  | { readonly ok: false; readonly status: 400 | 405; readonly message: string; readonly headers?: Readonly<Record<string, string>> };

export type NativeRequest =
  | { readonly ok: false; readonly message: string }
  | { readonly ok: true; readonly model?: string | null; readonly stream?: boolean };

/** Why a stream was cut (the slice of the gateway's upstream failure a translator reads). */
export interface StreamFailure {
  /** timeout, reset, … */
  readonly cause: string;
  /** e.g. "no data within read_timeout 60000 ms" */
  readonly detail: string;
}

/**
 * One (client format, upstream format) pair: `openai` → the vendor, or a native format
 * (`llm_format` = the vendor's own API, bytes forwarded).
 */
export interface Translator {
  readonly name: string;
  /** True when the client's body bytes go upstream unchanged and the answer comes back unchanged (native formats, preserve). */
  readonly passthrough: boolean;
  /** How the upstream frames a stream (the shared decoders in framing.ts). */
  readonly framing: Framing;
  /** False when the pair has no stream translation (Kong: no transformer): a stream request is refused with 400. */
  readonly streams?: boolean;
  /**
   * Native formats: which operations the (stripped) path names, and whether it streams; Kong's
   * 400/405 otherwise. Absent in OpenAI format (the body says whether it streams).
   */
  operation?(method: string, strippedPath: string): OperationCheck;
  /**
   * Native formats: what Kong's adapter reads from the client's body for its own checks
   * (to_kong_req): a refusal (400), or the model the client names (checked against the
   * configured one: `cannot use own model`) and whether the body asks to stream (when the path
   * does not say). The body itself goes upstream unchanged.
   */
  nativeRequest?(body: Record<string, unknown>, operation: string | null): NativeRequest;
  /**
   * The upstream body for a validated client body. Passthrough translators return `raw`: the
   * client's bytes, re-serialised when an auth body parameter was added; other translators must
   * not read `raw` (it is the client's bytes as they came).
   */
  requestBody(body: Record<string, unknown>, raw: Buffer, routeType: RouteType, model: ModelSettings): Translated<Buffer>;
  /** A 200 non-stream upstream body → the client's body (headers: the upstream's, lower-case). */
  responseBody(
    upstream: Buffer,
    routeType: RouteType,
    model: ModelSettings,
    headers?: Readonly<Record<string, string | string[] | undefined>>,
  ): Translated<ResponseTranslation>;
  /** One upstream stream event → the client's frame or chunk (or nothing). */
  streamEvent(event: FrameEvent, routeType: RouteType, model: ModelSettings): StreamStep;
  /**
   * A fresh translation for one stream, for translators that keep state across its events (the
   * OpenAI index of a tool call among content blocks); the proxy uses it instead of `streamEvent`.
   */
  startStream?(): StreamTranslation;
  /** Sent after the last upstream event (OpenAI: `data: [DONE]`); undefined for passthrough. */
  readonly streamTerminator: string | undefined;
  /**
   * The last frame before the client's connection is cut because the upstream died or stalled
   * mid-stream (OpenAI: an error event, so SDKs raise); undefined = nothing (native streams
   * carry the upstream's bytes only).
   */
  streamError(failure: StreamFailure): string | undefined;
}

/** Where a request goes when the plan has no target (Kong answers the client instead). */
export interface NoTarget {
  readonly status: number;
  /** Sent as Kong's `{"error":{"message"}}` unless `plain` (Kong's bare-string exits). */
  readonly message: string;
  readonly plain: boolean;
}

/** What the target may depend on, per request. */
export interface TargetRequest {
  /** The native operation (check-operation), null in OpenAI format. */
  readonly operation: string | null;
  readonly stream: boolean;
  /** The model in force: the configured name, else the client's (Bedrock and Gemini put it in the URL). */
  readonly model: string | null;
}

/** The upstream call as it will be sent, for drivers that sign or mint credentials per call. */
export interface OutgoingCall {
  readonly method: string;
  readonly origin: string;
  /** Path and query string. */
  readonly path: string;
  readonly host: string;
  readonly body: Buffer | null;
}

/** Everything the proxy needs from a driver for one ai-proxy instance, worked out once per snapshot. */
export interface DriverPlan {
  /** The driver and format, as explain shows them: "openai", "mistral (ollama format)", "huggingface (native huggingface: …)". */
  readonly name: string;
  readonly translator: Translator;
  readonly auth: AuthPlan;
  /** The upstream for this request, or Kong's answer when there is none. */
  target(request: TargetRequest): UpstreamTarget | NoTarget;
  /** Headers the vendor needs on every call (e.g. `anthropic-version`), set with the auth. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Credentials computed per call, once body and URL are final (Bedrock's SigV4 signature,
   * a Vertex OAuth token): headers to set upstream. A signature may cover `host` (call.host),
   * `content-type` (application/json for translated bodies) and the headers it returns; the other
   * headers the gateway forwards are not signed (as Kong's resty.aws signs a small set). A
   * rejection is Kong's 500 `LLM request failed before proxying` (the reason is logged, never sent).
   */
  authorize?(call: OutgoingCall): Promise<Readonly<Record<string, string>>> | Readonly<Record<string, string>>;
  /** Response headers Kong's driver clears from a 200 non-stream answer (post_request: openai, mistral → Set-Cookie). */
  readonly clearResponseHeaders?: readonly string[];
  /** Client headers never forwarded (Bedrock: the client's own SigV4 headers, replaced by `authorize`'s). */
  readonly dropRequestHeaders?: readonly string[];
  /** Where the per-call credential goes, for explain, when `authorize` places it (never a value). */
  readonly authDescription?: string;
}

/** A config this gateway cannot run: the message names the field to change. */
export interface Unsupported {
  readonly unsupported: string;
  /** 400 for Kong's own request-time refusals (non-text route types, no transformer), else 500. */
  readonly status: 400 | 500;
}

export interface Driver {
  /** The `model.provider` value it serves. */
  readonly provider: string;
  /** One plan per ai-proxy instance (the config is Kong-validated; route type is a text one). */
  plan(config: AiProxyConfig, routeType: RouteType): DriverPlan | Unsupported;
}

/** Kong's message when a 200 upstream answer cannot be converted (sent with status 500). */
export function conversionFailure(routeType: string, message: string, provider = 'huggingface'): string {
  return `transformation failed from type ${provider}://${routeType}: ${message}`;
}
