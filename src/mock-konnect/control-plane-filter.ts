// The query of GET /v2/control-planes as the Control Planes API declares it
// (ControlPlaneFilterParameters, FilterByLabels, ControlPlaneSort): deepObject filters
// filter[id][eq|oeq], filter[name][eq|neq|contains], filter[cluster_type][eq|neq|oeq] (one
// operator per field; oeq takes comma-separated values), filter[cloud_gateway]=true|false,
// labels=key:value,existCheck (every item must hold) and sort=created_at[ asc|desc]. Anything
// else under filter[…] is a 400 naming the parameter, as the spec's additionalProperties: false
// makes it. (The bare filter[name]=x of older clients is kept as eq.)
import type { InvalidParameter } from './problem.js';

export interface CpLike {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly config: { readonly cluster_type: string; readonly cloud_gateway: boolean };
  readonly created_at: string;
}

export interface ParsedCpQuery {
  readonly invalid: InvalidParameter[];
  readonly matches: (cp: CpLike) => boolean;
  readonly compare: (a: CpLike, b: CpLike) => number;
}

const OPERATORS: Record<string, readonly string[]> = { id: ['eq', 'oeq'], name: ['eq', 'neq', 'contains'], cluster_type: ['eq', 'neq', 'oeq'] };
const FILTER_KEY = /^filter\[([^\]]*)\](?:\[([^\]]*)\])?$/;
const LABEL_ITEM = /^([^:,]+)(?::(.*))?$/;

export function parseCpQuery(query: URLSearchParams): ParsedCpQuery {
  const invalid: InvalidParameter[] = [];
  const checks: Array<(cp: CpLike) => boolean> = [];
  const opsSeen = new Map<string, string[]>();
  for (const [key, value] of query) {
    if (!key.startsWith('filter')) continue;
    const m = FILTER_KEY.exec(key);
    if (!m) {
      invalid.push({ field: key, reason: 'is not a supported filter' });
      continue;
    }
    const field = m[1]!;
    const op = m[2] ?? (field === 'name' ? 'eq' : undefined);
    if (field === 'cloud_gateway') {
      if (m[2] !== undefined) invalid.push({ field: key, reason: 'filter[cloud_gateway] takes no operator' });
      else if (value !== 'true' && value !== 'false') invalid.push({ field: key, rule: 'is_boolean', reason: 'must be true or false' });
      else checks.push((cp) => cp.config.cloud_gateway === (value === 'true'));
      continue;
    }
    const allowed = OPERATORS[field];
    if (!allowed) {
      invalid.push({ field: key, reason: `filtering by ${field} is not supported; filter by id, name, cluster_type or cloud_gateway` });
      continue;
    }
    if (op === undefined || !allowed.includes(op)) {
      invalid.push({ field: key, reason: `filter[${field}] supports the operators ${allowed.join(', ')}` });
      continue;
    }
    opsSeen.set(field, [...(opsSeen.get(field) ?? []), op]);
    const get = (cp: CpLike) => (field === 'cluster_type' ? cp.config.cluster_type : field === 'id' ? cp.id : cp.name);
    if (op === 'eq') checks.push((cp) => get(cp) === value);
    else if (op === 'neq') checks.push((cp) => get(cp) !== value);
    else if (op === 'contains') checks.push((cp) => get(cp).includes(value));
    else {
      const any = value.split(',').map((s) => s.trim());
      checks.push((cp) => any.includes(get(cp)));
    }
  }
  for (const [field, ops] of opsSeen)
    if (ops.length > 1) invalid.push({ field: `filter[${field}]`, reason: `filter using one of the operators ${OPERATORS[field]!.join(', ')}, not ${ops.join(' and ')}` });

  const labels = query.get('labels');
  if (labels !== null) {
    for (const item of labels.split(',')) {
      const lm = LABEL_ITEM.exec(item.trim());
      if (!lm) {
        invalid.push({ field: 'labels', reason: 'must be a comma-separated list of key:value or key items' });
        break;
      }
      const [, k, v] = lm;
      checks.push((cp) => Object.hasOwn(cp.labels, k!) && (v === undefined || cp.labels[k!] === v));
    }
  }

  let compare = (a: CpLike, b: CpLike) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);
  const sort = query.get('sort');
  if (sort !== null) {
    const parts = sort.split(',').map((s) => s.trim().split(/\s+/));
    const bad = parts.find(([attr, dir, ...rest]) => attr !== 'created_at' || (dir !== undefined && dir !== 'asc' && dir !== 'desc') || rest.length > 0);
    if (bad) invalid.push({ field: 'sort', reason: `unsupported sort ${JSON.stringify(bad.join(' '))}; supported: created_at, created_at asc, created_at desc` });
    else if (parts[0]![1] === 'desc') {
      const asc = compare;
      compare = (a, b) => -asc(a, b);
    }
  }
  return { invalid, matches: (cp) => checks.every((c) => c(cp)), compare };
}
