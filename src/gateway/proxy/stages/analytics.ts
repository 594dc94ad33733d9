// Stage (always last, also after failures): Prometheus metrics for every request, and — when
// the ai-proxy instance has logging.log_statistics — Kong's AI metrics (when the request's
// prometheus instance has ai_metrics) and one JSON log line with Kong's
// `ai.proxy.meta` / `ai.proxy.usage` (and `ai.proxy.payload` with log_payloads). Usage comes
// from the upstream; when it has none, Kong's estimates (reference 4.7; ../usage.ts). Never a header or a token.
// With ai-proxy-advanced, everything is the serving target's, and `tried_targets` lists the tries.
// A failed upstream call is counted by cause; a stream the upstream cut counts as the 502/504
// Kong would have answered (the client's 200 headers had already gone), in the metrics and in
// the log line, which then carries `upstream_error`.
import { gatewayMetrics, recordAiMetrics, recordKongMetrics } from '../../metrics/index.js';
import type { PrometheusConfig } from '../../../schemas/index.js';
import type { ProxyContext } from '../context.js';
import { prometheusFor, requestScope } from '../decide.js';
import { countedUsage } from '../usage.js';

export type LogWriter = (line: string) => void;
let writeLog: LogWriter = (line) => void process.stdout.write(line);

/** Where usage lines go (stdout by default; tests may capture). */
export function setLogWriter(w: LogWriter): void {
  writeLog = w;
}

const NS_PER_S = 1e9;

export function recordAnalytics(ctx: ProxyContext): void {
  const end = process.hrtime.bigint();
  const m = gatewayMetrics();
  const route = ctx.match?.route.name ?? ctx.match?.route.id ?? '';
  const ai = ctx.ai;
  const model = ai ? `${ai.model.provider}/${ai.model.name ?? ctx.requestModel ?? ''}` : '';
  const status = String(ctx.status || (ctx.res.headersSent ? ctx.res.statusCode : 499));
  const failure = ctx.upstreamFailure;
  if (failure !== null) m.upstreamFailures.inc({ route, cause: failure.cause });
  m.requests.inc({ route, model, status });
  m.latency.observe({ route, model, status }, Number(end - ctx.startNs) / NS_PER_S);
  if (ctx.upstreamHeadersNs > 0n) m.upstreamLatency.observe({ route, model, status }, Number(ctx.upstreamHeadersNs - ctx.upstreamStartNs) / NS_PER_S);
  // the prometheus instance that counts this request (Kong's precedence), if any
  const prometheus =
    ctx.match === null ? null : (prometheusFor(ctx.compiled, requestScope(ctx.match, ctx.consumer?.id ?? null, ctx.consumerGroupIds))?.config as PrometheusConfig | undefined) ?? null;
  if (prometheus !== null && ctx.match !== null) {
    const answered = ctx.response !== null && ctx.upstreamHeadersNs > 0n;
    recordKongMetrics(prometheus, {
      service: ctx.match.service?.name ?? ctx.match.service?.host ?? '',
      route: ctx.match.route.name ?? ctx.match.route.id,
      code: Number(status),
      source: failure !== null ? 'error' : answered ? 'service' : 'exit',
      consumer: ctx.consumer?.username ?? ctx.consumer?.custom_id ?? '',
      requestMs: Number(end - ctx.startNs) / 1e6,
      upstreamMs: answered ? Number(end - ctx.upstreamStartNs) / 1e6 : null,
    });
  }
  if (ai === null || ctx.response === null) return;
  if (ctx.stream && ctx.firstByteNs > 0n) m.timeToFirstToken.observe({ route, model }, Number(ctx.firstByteNs - ctx.startNs) / NS_PER_S);
  // a 200 stream or body the upstream cut: its usage so far is still logged, as an error
  const cut = failure !== null && failure.cut !== null && ctx.res.statusCode === 200 ? failure : null;
  if (ctx.status !== 200 && cut === null) return;

  const { prompt_tokens: prompt, completion_tokens: completion } = countedUsage(ctx);
  m.tokens.inc({ route, model, token_type: 'prompt' }, prompt);
  m.tokens.inc({ route, model, token_type: 'completion' }, completion);

  const logging = ai.config.logging;
  if (!logging?.log_statistics) return;
  const llmLatency = Number((ctx.upstreamHeadersNs - ctx.upstreamStartNs) / 1_000_000n);
  const options = ai.config.model.options;
  const inputCost = (options?.input_cost as number | null | undefined) ?? 0;
  const outputCost = (options?.output_cost as number | null | undefined) ?? 0;
  const cost = (prompt * inputCost + completion * outputCost) / 1e6;
  // Kong's AI metrics come from this same `ai.proxy` log entry, so they too need log_statistics
  if (prometheus?.ai_metrics === true)
    recordAiMetrics({
      provider: ai.model.provider,
      requestModel: ctx.requestModel ?? '',
      stream: ctx.stream,
      consumer: ctx.consumer?.username ?? ctx.consumer?.custom_id ?? '',
      promptTokens: prompt,
      completionTokens: completion,
      cost,
      latencyMs: llmLatency,
    });
  const proxy: Record<string, unknown> = {
    meta: {
      plugin_id: ai.plugin.id,
      provider_name: ai.model.provider,
      request_model: ctx.requestModel,
      response_model: ctx.responseModel ?? ctx.requestModel,
      llm_latency: llmLatency,
    },
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      time_per_token: completion > 0 ? llmLatency / completion : 0,
      cost,
    },
  };
  // Kong 3.11's tried_targets (its shape is undocumented; this one is the gateway's): every try of
  // ai-proxy-advanced on this request, in order, with what it came to
  if (ctx.balanced !== null) {
    const adv = ctx.balanced.advanced;
    proxy.tried_targets = ctx.balanced.tries.map((t) => {
      const model = adv.config.targets[t.index]!.model;
      return { target: t.index, provider: model.provider, model: model.name, outcome: t.outcome };
    });
  }
  if (logging.log_payloads) {
    proxy.payload = { request: ctx.rawBody?.toString('utf8') ?? '', response: ctx.responseText };
  }
  const line = {
    request_id: ctx.requestId,
    started_at: Date.now() - Number((end - ctx.startNs) / 1_000_000n),
    request: { method: ctx.method, uri: ctx.path },
    response: { status: ctx.status },
    route: ctx.match ? { id: ctx.match.route.id, name: ctx.match.route.name } : null,
    service: ctx.match?.service ? { id: ctx.match.service.id, name: ctx.match.service.name } : null,
    consumer: ctx.consumer ? { id: ctx.consumer.id, username: ctx.consumer.username } : null,
    latencies: {
      proxy: Number((ctx.upstreamStartNs - ctx.startNs) / 1_000_000n),
      kong: Number((end - ctx.startNs) / 1_000_000n) - llmLatency,
      request: Number((end - ctx.startNs) / 1_000_000n),
    },
    ai: { proxy },
    ...(cut !== null ? { upstream_error: { cause: cut.cause, detail: cut.detail, outcome: cut.cut } } : {}),
  };
  writeLog(`${JSON.stringify(line)}\n`);
}
