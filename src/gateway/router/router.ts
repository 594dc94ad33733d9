// Kong's traditional router, compiled once per snapshot. Prefix paths live in a map keyed by
// the prefix itself, so a request costs one map lookup per distinct prefix length (not one test
// per route): 10,000 routes cost about what 10 do. Regex paths (`~…`, anchored at the start as
// Kong does) and path-less routes are kept in priority order and tested until one matches.
import type { Route, Service } from '../../schemas/entities.js';
import { byPriority, hostTest, otherCriteriaMatch, type Candidate, type RequestFacts } from './candidate.js';
import { normalizeRequestPath } from './normalize-path.js';
import { joinServicePath, strippedPath } from './paths.js';

export interface RouteMatch {
  readonly route: Route;
  readonly service: Service | null;
  /** The request path after strip_path (what ai-proxy's native operation check reads). */
  readonly strippedPath: string;
  /** The path the service would be called with (service.path joined per path_handling). */
  readonly upstreamPath: string;
  /** Named regex captures ($(uri_captures.NAME)). */
  readonly captures: Readonly<Record<string, string>>;
}

export interface Router {
  match(req: RequestFacts): RouteMatch | null;
  readonly size: number;
}

export interface RouterError {
  readonly route: Route;
  readonly field: string;
  readonly message: string;
}

const NO_CAPTURES: Readonly<Record<string, string>> = Object.freeze({});

export function compileRouter(routes: readonly Route[], services: readonly Service[]): { router: Router; errors: RouterError[] } {
  const serviceById = new Map(services.map((s) => [s.id, s] as const));
  const buckets = new Map<string, Candidate[]>();
  const regexes: Candidate[] = [];
  const pathless: Candidate[] = [];
  const errors: RouterError[] = [];
  let order = 0;

  routes.forEach((route, routeIndex) => {
    const service = route.service ? (serviceById.get(route.service.id) ?? null) : null;
    const methods = route.methods?.length ? new Set(route.methods.map((m) => m.toUpperCase())) : null;
    const hosts = route.hosts?.length ? route.hosts.map(hostTest) : null;
    const headerEntries = route.headers ? Object.entries(route.headers).filter(([, v]) => v.length > 0) : [];
    const headers = headerEntries.length
      ? headerEntries.map(([name, values]) => ({
          name: name.toLowerCase(),
          values: new Set(values.filter((v) => !v.startsWith('~*')).map((v) => v.toLowerCase())),
          regexes: values.filter((v) => v.startsWith('~*')).map((v) => new RegExp(v.slice(2), 'i')),
        }))
      : null;
    const paths = route.paths?.length ? route.paths : null;
    const criteria = (paths ? 1 : 0) + (hosts ? 1 : 0) + (methods ? 1 : 0) + (headers ? 1 : 0);
    const base = { route, service, methods, hosts, headers, criteria };
    if (!paths) {
      pathless.push({ ...base, order: order++, prefix: null, regex: null, weight: 0 });
      return;
    }
    paths.forEach((path, pathIndex) => {
      if (path.startsWith('~')) {
        let regex: RegExp;
        try {
          regex = new RegExp(`^(?:${path.slice(1)})`);
        } catch (err) {
          errors.push({ route, field: `routes[${routeIndex}].paths[${pathIndex}]`, message: `invalid regex: '${path.slice(1)}' (${(err as Error).message})` });
          return;
        }
        regexes.push({ ...base, order: order++, prefix: null, regex, weight: route.regex_priority });
      } else {
        // Requests are matched normalized (normalize-path.ts), so the prefix is too: `/%68f` is
        // `/hf`, `/a//b` is `/a/b`, escapes compare in upper case.
        const normalized = normalizeRequestPath(path);
        const prefix = normalized.ok ? normalized.path : path;
        const c: Candidate = { ...base, order: order++, prefix, regex: null, weight: prefix.length };
        let bucket = buckets.get(prefix);
        if (!bucket) buckets.set(prefix, (bucket = []));
        bucket.push(c);
      }
    });
  });

  for (const b of buckets.values()) b.sort(byPriority);
  regexes.sort(byPriority);
  pathless.sort(byPriority);
  const lengths = [...new Set([...buckets.keys()].map((p) => p.length))].sort((a, b) => b - a);

  function result(c: Candidate, req: RequestFacts, matchedLength: number, captures: Readonly<Record<string, string>>): RouteMatch {
    const stripped = strippedPath(req.path, matchedLength, c.route.strip_path);
    return {
      route: c.route,
      service: c.service,
      strippedPath: stripped,
      upstreamPath: joinServicePath(c.service?.path ?? null, stripped, c.route.path_handling),
      captures,
    };
  }

  const router: Router = {
    size: routes.length,
    match(req) {
      let best: Candidate | null = null;
      let bestLength = 0;
      let bestCaptures = NO_CAPTURES;
      const path = req.path;
      for (const len of lengths) {
        if (len > path.length) continue;
        const bucket = buckets.get(path.slice(0, len));
        if (bucket === undefined) continue;
        for (const c of bucket) {
          if (best !== null && byPriority(c, best) >= 0) break;
          if (otherCriteriaMatch(c, req)) {
            best = c;
            bestLength = len;
            break;
          }
        }
      }
      for (const c of regexes) {
        if (best !== null && byPriority(c, best) >= 0) break;
        const m = c.regex!.exec(path);
        if (m !== null && otherCriteriaMatch(c, req)) {
          best = c;
          bestLength = m[0].length;
          bestCaptures = m.groups ? { ...m.groups } : NO_CAPTURES;
          break;
        }
      }
      for (const c of pathless) {
        if (best !== null && byPriority(c, best) >= 0) break;
        if (otherCriteriaMatch(c, req)) {
          best = c;
          bestLength = 0;
          bestCaptures = NO_CAPTURES;
          break;
        }
      }
      return best === null ? null : result(best, req, bestLength, best.regex ? bestCaptures : NO_CAPTURES);
    },
  };
  return { router, errors };
}
