// One (route, path) pair the router can match, with everything precomputed: its priority key,
// its host/method/header tests, and how its matched path is stripped. Built once per snapshot.
import type { Route, Service } from '../../schemas/entities.js';

export interface HostTest {
  readonly exact?: string;
  readonly suffix?: string; // "*.example.com" → ".example.com"
  readonly prefix?: string; // "example.*" → "example."
}

export interface HeaderTest {
  readonly name: string;
  readonly values: ReadonlySet<string>;
  readonly regexes: readonly RegExp[];
}

export interface Candidate {
  readonly route: Route;
  readonly service: Service | null;
  /** Declaration order, the last tie-breaker. */
  readonly order: number;
  /** Prefix path, or null for a regex or path-less candidate. */
  readonly prefix: string | null;
  readonly regex: RegExp | null;
  readonly methods: ReadonlySet<string> | null;
  readonly hosts: readonly HostTest[] | null;
  readonly headers: readonly HeaderTest[] | null;
  /** Number of kinds of criteria (paths, hosts, methods, headers): more wins. */
  readonly criteria: number;
  /** regex_priority for regex paths, path length for prefix paths. */
  readonly weight: number;
}

/** Negative when a has higher priority than b (Kong: criteria, then regex before prefix, then weight, then order). */
export function byPriority(a: Candidate, b: Candidate): number {
  if (a.criteria !== b.criteria) return b.criteria - a.criteria;
  const ar = a.regex !== null ? 1 : 0;
  const br = b.regex !== null ? 1 : 0;
  if (ar !== br) return br - ar;
  if (a.weight !== b.weight) return b.weight - a.weight;
  return a.order - b.order;
}

export function hostTest(pattern: string): HostTest {
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return { suffix: p.slice(1) };
  if (p.endsWith('.*')) return { prefix: p.slice(0, -1) };
  return { exact: p };
}

function hostMatches(tests: readonly HostTest[], host: string): boolean {
  for (const t of tests) {
    if (t.exact !== undefined ? host === t.exact : t.suffix !== undefined ? host.endsWith(t.suffix) : host.startsWith(t.prefix!)) return true;
  }
  return false;
}

export interface RequestFacts {
  readonly method: string;
  /** Lower-case, without the port. */
  readonly host: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Everything but the path (which the caller has already matched). */
export function otherCriteriaMatch(c: Candidate, req: RequestFacts): boolean {
  if (c.methods !== null && !c.methods.has(req.method)) return false;
  if (c.hosts !== null && !hostMatches(c.hosts, req.host)) return false;
  if (c.headers !== null) {
    for (const h of c.headers) {
      const raw = req.headers[h.name];
      if (raw === undefined) return false;
      const values = Array.isArray(raw) ? raw : [raw];
      if (!values.some((v) => h.values.has(v.toLowerCase()) || h.regexes.some((r) => r.test(v)))) return false;
    }
  }
  return true;
}
