// Where ai-proxy's configured credential goes (Kong's `config.auth`), decided once per plugin
// instance: a header (`header_name: header_value`), a query parameter or a JSON body field
// (`param_name`/`param_value`/`param_location`). `allow_override: true` keeps a credential of
// the same name the client sent — where the driver honours it (Kong's HF OpenAI-format driver
// and gemini set the header unconditionally; HF applies no query param). The value is never
// logged, shown or explained: `describeAuth` names the place only.
import type { AiProxyConfig } from '../../schemas/index.js';

export interface Credential {
  readonly name: string;
  readonly value: string;
}

export interface AuthPlan {
  /** Header name lower-cased. */
  readonly header: Credential | null;
  /** A client header of that name survives (allow_override honoured by this driver). */
  readonly headerOverridable: boolean;
  readonly query: Credential | null;
  readonly queryOverridable: boolean;
  readonly body: Credential | null;
  readonly bodyOverridable: boolean;
}

/** Which of Kong's auth placements a driver honours. */
export interface AuthRules {
  /** allow_override keeps the client's header (OpenAI driver family: yes; HF OpenAI format, gemini: no). */
  readonly headerOverride: boolean;
  /** param_location: query is applied (OpenAI driver family: yes; HF: no). */
  readonly queryParam: boolean;
}

export const NO_AUTH: AuthPlan = { header: null, headerOverridable: false, query: null, queryOverridable: false, body: null, bodyOverridable: false };

export function planAuth(auth: AiProxyConfig['auth'] | null | undefined, rules: AuthRules): AuthPlan {
  if (!auth) return NO_AUTH;
  const override = auth.allow_override === true;
  const header = auth.header_name && auth.header_value != null ? { name: auth.header_name.toLowerCase(), value: auth.header_value } : null;
  const param = auth.param_name && auth.param_value != null ? { name: auth.param_name, value: auth.param_value } : null;
  return {
    header,
    headerOverridable: override && rules.headerOverride,
    query: param !== null && auth.param_location === 'query' && rules.queryParam ? param : null,
    queryOverridable: override,
    // normalize-request applies body params for every provider
    body: param !== null && auth.param_location === 'body' ? param : null,
    bodyOverridable: override,
  };
}

/** Where the credential goes, for people (explain): never the value. */
export function describeAuth(plan: AuthPlan): string {
  const parts: string[] = [];
  if (plan.header) parts.push(`header ${plan.header.name}${plan.headerOverridable ? " (the client's own kept: allow_override)" : ' (replaces the client\'s)'}`);
  if (plan.query) parts.push(`query parameter ${plan.query.name}${plan.queryOverridable ? " (the client's own kept: allow_override)" : ''}`);
  if (plan.body) parts.push(`body field ${plan.body.name}${plan.bodyOverridable ? " (the client's own kept: allow_override)" : ''}`);
  return parts.length === 0 ? 'none configured (the client\'s own headers are forwarded)' : parts.join(', ');
}

/** The query string with the query credential added (unless the client's own is kept). */
export function withQueryCredential(query: string, plan: AuthPlan): string {
  const q = plan.query;
  if (q === null) return query;
  const params = new URLSearchParams(query);
  if (plan.queryOverridable && params.has(q.name)) return query;
  params.set(q.name, q.value);
  return `?${params.toString()}`;
}
