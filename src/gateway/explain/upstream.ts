// The upstream call a request would make — method, URL and the timeouts that bound it, and for
// ai-proxy the driver that translates it and where its credential goes — as the proxy decided
// it (proxy/decide.ts). The URL is shown as the failure log shows it: no user info, every query
// value replaced by "…" — and as the call goes out: a credential the driver puts in the query
// string (auth.param_location: query, e.g. Gemini's `key`) is there by name with the value
// `<redacted>`, where the proxy's inject-auth places it; the credential is named by place only,
// so no secret can leak.
import { describeAuth, withQueryCredential, type AuthPlan } from '../drivers/index.js';
import type { Decision } from '../proxy/decide.js';
import { displayUrl } from '../upstream/index.js';

export interface ExplainUpstream {
  readonly method: string;
  readonly url: string;
  readonly connect_timeout: number;
  readonly write_timeout: number;
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
    url: plan ? withCredentialShown(address.origin, address.path, plan.auth) : displayUrl(address.origin, address.path),
    connect_timeout: address.connectTimeoutMs,
    write_timeout: address.writeTimeoutMs,
    read_timeout: address.readTimeoutMs,
    ...(plan ? { driver: plan.name, auth: plan.authDescription ?? describeAuth(plan.auth) } : {}),
  };
}

export const REDACTED = '<redacted>';

/**
 * The URL with the query credential added as inject-auth adds it (withQueryCredential: the
 * client's own kept under allow_override), its value never taken from the plan.
 */
function withCredentialShown(origin: string, pathAndQuery: string, auth: AuthPlan): string {
  const cred = auth.query;
  if (cred === null) return displayUrl(origin, pathAndQuery);
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = q < 0 ? '' : pathAndQuery.slice(q);
  if (auth.queryOverridable && new URLSearchParams(query).has(cred.name)) return displayUrl(origin, pathAndQuery);
  const placed = withQueryCredential(query, { ...auth, query: { name: cred.name, value: '' } });
  return displayUrl(origin, path + placed, { name: cred.name, text: REDACTED });
}
