// The proxy path: a list of small named stages (one file each in stages/), run in order until
// one answers the client; analytics always runs last, then the answer's tokens are charged to
// its rate limits, then a failed upstream call is logged.
import { channel } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nextRequestId, sendCoreError } from '../kong/index.js';
import { ClientAbort } from './client-abort.js';
import type { CompiledConfig } from './compiled.js';
import type { ProxyContext } from './context.js';
import { DEFAULT_PROXY_SETTINGS, type ProxySettings } from './limits.js';
import { recordAnalytics } from './stages/analytics.js';
import { checkHeaders } from './stages/check-headers.js';
import { checkOperation } from './stages/check-operation.js';
import { forward } from './stages/forward.js';
import { identifyConsumer } from './stages/identify-consumer.js';
import { injectAuth } from './stages/inject-auth.js';
import { matchRoute } from './stages/match-route.js';
import { normalizePath } from './stages/normalize-path.js';
import { normalizeRequest } from './stages/normalize-request.js';
import { parseRequest } from './stages/parse-request.js';
import { readBody } from './stages/read-body.js';
import { respond } from './stages/respond.js';
import { chargeRateLimit, rateLimit } from './stages/rate-limit.js';
import { decoratePrompt } from './stages/decorate-prompt.js';
import { guardPrompt } from './stages/guard-prompt.js';
import { balance } from './stages/balance.js';
import { selectPlugins } from './stages/select-plugins.js';
import { logFailure, type FailureLog } from './stages/upstream-failed.js';

type Stage = (ctx: ProxyContext) => void | Promise<void>;

export const STAGES: readonly (readonly [string, Stage])[] = [
  ['check-headers', checkHeaders],
  ['normalize-path', normalizePath],
  ['match-route', matchRoute],
  ['identify-consumer', identifyConsumer],
  ['select-plugins', selectPlugins],
  ['rate-limit', rateLimit],
  ['check-operation', checkOperation],
  ['read-body', readBody],
  ['parse-request', parseRequest],
  ['decorate-prompt', decoratePrompt],
  ['guard-prompt', guardPrompt],
  // ai-proxy-advanced: its tries (each builds, authorizes, forwards and answers) and the answer
  ['balance', balance],
  ['normalize-request', normalizeRequest],
  ['inject-auth', injectAuth],
  ['forward', forward],
  ['respond', respond],
];

/** One request's timeline (`process.hrtime.bigint()` values; 0n: not reached). */
export interface RequestTimings {
  readonly requestId: string;
  readonly startNs: bigint;
  /** Each stage that ran, with the time it finished (`respond`: when the answer ended). */
  readonly stages: readonly (readonly [string, bigint])[];
  readonly upstreamStartNs: bigint;
  readonly upstreamHeadersNs: bigint;
  readonly firstByteNs: bigint;
}

/**
 * Every request's RequestTimings, published at its end while something subscribes (nothing is
 * recorded otherwise): bench/stream-timeline.bench.ts subscribes from a preloaded module.
 */
export const requestTimings = channel('ai-gateway:request-timings');

export type ErrorReporter = (stage: string, err: unknown) => void;

const stderrLog: FailureLog = (message) => void process.stderr.write(`ai-gateway: ${message}\n`);

/** `log` gets one line per failed upstream call (default: stderr, as `ai-gateway: …`). */
export function createProxyHandler(
  current: () => CompiledConfig,
  reportError: ErrorReporter,
  log: FailureLog = stderrLog,
  settings: ProxySettings = DEFAULT_PROXY_SETTINGS,
) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startNs = process.hrtime.bigint();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const abort = new ClientAbort();
    const ctx: ProxyContext = {
      req,
      res,
      compiled: current(),
      settings,
      log,
      requestId: nextRequestId(),
      startNs,
      method: req.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      query: q < 0 ? '' : url.slice(q),
      done: false,
      match: null,
      consumer: null,
      consumerGroupIds: [],
      credentialId: null,
      pluginHeaders: null,
      rateLimit: null,
      dropHeaders: new Set(),
      setHeaders: {},
      ai: null,
      balanced: null,
      promptDecorator: null,
      promptGuard: null,
      rawBody: null,
      body: null,
      stream: false,
      operation: null,
      requestModel: null,
      upstream: null,
      response: null,
      abort,
      upstreamStartNs: 0n,
      upstreamHeadersNs: 0n,
      firstByteNs: 0n,
      status: 0,
      upstreamFailure: null,
      usage: {},
      responseModel: null,
      responseText: '',
    };
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let stage = '';
    const marks: bigint[] | null = requestTimings.hasSubscribers ? [] : null;
    try {
      for (const [name, run] of STAGES) {
        stage = name;
        const r = run(ctx);
        if (r !== undefined) await r;
        if (marks !== null) marks.push(process.hrtime.bigint());
        if (ctx.done) break;
      }
    } catch (err) {
      reportError(stage, err);
      ctx.status = 500;
      if (!res.headersSent) sendCoreError(ctx, 500);
      else res.destroy();
    } finally {
      // a body no stage read to its end (the client left, a stage failed): abort the call
      if (ctx.response !== null && !ctx.response.body.done) ctx.response.body.destroy();
      try {
        recordAnalytics(ctx);
        chargeRateLimit(ctx);
        logFailure(ctx, log);
      } catch (err) {
        reportError('analytics', err);
      }
      if (marks !== null) {
        const timings: RequestTimings = {
          requestId: ctx.requestId,
          startNs,
          stages: marks.map((t, i) => [STAGES[i]![0], t] as const),
          upstreamStartNs: ctx.upstreamStartNs,
          upstreamHeadersNs: ctx.upstreamHeadersNs,
          firstByteNs: ctx.firstByteNs,
        };
        requestTimings.publish(timings);
      }
    }
  };
}
