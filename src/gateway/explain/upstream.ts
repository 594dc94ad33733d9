// The upstream call a request would make — method, URL and the timeouts that bound it, and for
// ai-proxy the driver that translates it and where its credential goes — as the proxy decided
// it (proxy/decide.ts). The URL is shown as the failure log shows it: no user info, every query
// value replaced by "…"; the credential is named by place only, so no secret can leak.
import { describeAuth } from '../drivers/index.js';
import type { Decision } from '../proxy/decide.js';
import { displayUrl } from '../upstream/index.js';

export interface ExplainUpstream {
  readonly method: string;
  readonly url: string;
  readonly connect_timeout: number;
  readonly read_timeout: number;
  /** ai-proxy only: the driver (and format) that translates the call, e.g. "openai", "huggingface (native …)". */
  readonly driver?: string;
  /** ai-proxy only: where the configured credential goes (never its value). */
  readonly auth?: string;
}

/** Null when the request would not be proxied (a route without service, an ai-proxy that refuses it). */
export function explainUpstream(d: Decision, method: string): ExplainUpstream | null {
  const address = d.upstream;
  if (address === null) return null;
  const plan = d.aiProxy?.plan;
  return {
    method,
    url: displayUrl(address.origin, address.path),
    connect_timeout: address.connectTimeoutMs,
    read_timeout: address.readTimeoutMs,
    ...(plan ? { driver: plan.name, auth: plan.authDescription ?? describeAuth(plan.auth) } : {}),
  };
}
