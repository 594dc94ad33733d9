// The state one request carries through the proxy stages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Consumer, Plugin } from '../../schemas/entities.js';
import type { GatewayResponseContext } from '../kong/index.js';
import type { RouteMatch } from '../router/index.js';
import type { TokenUsage } from '../drivers/index.js';
import type { UpstreamAnswer, UpstreamFailure } from '../upstream/index.js';
import type { Limit, PreparedRateLimit } from '../ratelimit/index.js';
import type { PreparedAiProxy } from './ai-proxy.js';
import type { PreparedAiProxyAdvanced } from './ai-proxy-advanced.js';
import type { ClientAbort } from './client-abort.js';
import type { CompiledConfig } from './compiled.js';
import type { ProxySettings } from './limits.js';

export interface UpstreamCall {
  readonly origin: string;
  readonly path: string;
  readonly host: string;
  readonly body: Buffer | null;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  /** Between two writes of the request (nginx's proxy_send_timeout; upstream/write-timeout.ts). */
  readonly writeTimeoutMs: number;
}

/** A failed upstream call (refused, timed out, reset, TLS), before or after the response started. */
export interface UpstreamFailureRecord extends UpstreamFailure {
  /** process.hrtime.bigint() when the failure was seen. */
  readonly atNs: bigint;
  /** Set when the client's response had started and was cut: "stream cut after 3 events". */
  readonly cut: string | null;
  /** Already logged by the stage that handled it (ai-proxy-advanced's failed tries): logFailure stays silent. */
  readonly logged?: boolean;
}

/** One try of ai-proxy-advanced on a target: what it came to ("ok", "http_429", "timeout", "skipped: …"). */
export interface TriedTarget {
  readonly index: number;
  readonly outcome: string;
}

/** ai-proxy-advanced on this request (stages/balance.ts makes the tries). */
export interface Balancing {
  readonly advanced: PreparedAiProxyAdvanced;
  /** Targets this request has tried (or passed over): the balancer does not offer them again. */
  readonly tried: Set<number>;
  readonly tries: TriedTarget[];
}

export interface ProxyContext extends GatewayResponseContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly compiled: CompiledConfig;
  /** Server-wide limits (client_body_timeout). */
  readonly settings: ProxySettings;
  /** Operational log lines (failed upstream calls, failovers, circuit breaker); never a secret. */
  readonly log: (message: string) => void;
  readonly method: string;
  /** Path without the query string (normalized by the normalize-path stage before routing), and the query string with its `?` (or ''). */
  path: string;
  /** Forwarded upstream as is, unless a stage rewrites it (key-auth's hide_credentials). */
  query: string;
  /** Set once a stage has answered the client; later stages are skipped. */
  done: boolean;
  match: RouteMatch | null;
  consumer: Consumer | null;
  consumerGroupIds: readonly string[];
  /** The key-auth credential that identified the consumer (ai-rate-limiting-advanced's `credential`). */
  credentialId: string | null;
  /** Headers a plugin adds to the client's response (ai-rate-limiting-advanced's X-AI-RateLimit-*). */
  pluginHeaders: Record<string, string> | null;
  /** The limits this request's answer is charged to once it is over (stages/rate-limit.ts). */
  rateLimit: { readonly limiter: PreparedRateLimit; readonly series: readonly Limit[] } | null;
  /** Request headers not to forward (hidden credentials, replaced auth). */
  dropHeaders: Set<string>;
  /** Headers to set upstream (injected auth first, consumer headers), sent before the client's. */
  setHeaders: Record<string, string>;
  /** The ai-proxy config in force: ai-proxy's, or the ai-proxy-advanced target of the current try. */
  ai: PreparedAiProxy | null;
  /** Set when ai-proxy-advanced runs (then `ai` follows its tries). */
  balanced: Balancing | null;
  /** The ai-prompt-decorator / ai-prompt-guard instances that run (Kong's precedence), or null. */
  promptDecorator: Plugin | null;
  promptGuard: Plugin | null;
  rawBody: Buffer | null;
  body: Record<string, unknown> | null;
  stream: boolean;
  /** The native operation the path names (the driver's check-operation), null in OpenAI format. */
  operation: string | null;
  requestModel: string | null;
  upstream: UpstreamCall | null;
  response: UpstreamAnswer | null;
  /** Aborts the upstream request (client went away, or the gateway gave up). */
  readonly abort: ClientAbort;
  upstreamStartNs: bigint;
  upstreamHeadersNs: bigint;
  firstByteNs: bigint;
  status: number;
  /** Logged once and counted by analytics; null when the upstream call succeeded (or was not made). */
  upstreamFailure: UpstreamFailureRecord | null;
  /** The one usage record of the request, filled from the answer by respond / relay-stream; read by analytics and later stages. */
  usage: TokenUsage;
  responseModel: string | null;
  responseText: string;
}
