// decK entity records → Kong entities, validated and defaults-filled by the entity schemas in
// src/schemas (the Admin API fills the same ones). Every user mistake is collected as a message naming the entity and the field; values
// are never quoted in messages (a field may hold a secret).
import { createHash } from 'node:crypto';
import type { Route, Service } from '../../../schemas/entities.js';
import { errorList, expandServiceUrl, routeSchema, serviceSchema, type ErrorTree } from '../../../schemas/index.js';

export class Problems {
  readonly items: string[] = [];
  add(where: string, field: string, message: string): void {
    this.items.push(field === '' ? `${where}: ${message}` : `${where}: ${field}: ${message}`);
  }
}

/** A stable id for an entity decK gave no id (so reloads keep ids). */
export function stableId(kind: string, key: string): string {
  const h = createHash('sha1').update(`${kind}:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type Rec = Record<string, unknown>;

export function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class Reader {
  constructor(
    private readonly rec: Rec,
    private readonly where: string,
    private readonly problems: Problems,
  ) {}

  str(field: string): string | null {
    const v = this.rec[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') return this.bad(field, 'expected a string');
    return v;
  }

  int(field: string, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.rec[field];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.bad(field, 'expected an integer') ?? dflt;
    if (v < min || v > max) return this.bad(field, `value should be between ${min} and ${max}`) ?? dflt;
    return v;
  }

  bool(field: string, dflt: boolean): boolean {
    const v = this.rec[field];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'boolean') return this.bad(field, 'expected a boolean') ?? dflt;
    return v;
  }

  strings(field: string): string[] | null {
    const v = this.rec[field];
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return this.bad(field, 'expected an array of strings');
    return v as string[];
  }

  list(field: string): Rec[] {
    const v = this.rec[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) return this.bad(field, 'expected an array') ?? [];
    return v.map((x, i) => (isRec(x) ? x : (this.bad(`${field}[${i}]`, 'expected a record'), {})));
  }

  private bad(field: string, message: string): null {
    this.problems.add(this.where, field, message);
    return null;
  }
}

function report(problems: Problems, where: string, v: { ok: false; fields: ErrorTree }): void {
  for (const e of errorList(v.fields)) problems.add(where, e.path.toString(), e.message);
}

/** The service `url` helper, expanded by the one implementation every source shares. */
function expandUrl(rec: Rec, where: string, problems: Problems): Rec {
  const res = expandServiceUrl(rec);
  if (res.ok) return res.value;
  report(problems, where, res);
  const { url: _url, ...rest } = rec;
  return rest;
}

/** A decK service (nested routes/plugins removed) → a Service with Kong's defaults (src/schemas). */
export function toService(rec: Rec, where: string, problems: Problems): Service {
  const { routes: _routes, plugins: _plugins, ...fields } = expandUrl(rec, where, problems);
  const input = { ...fields, id: fields.id ?? stableId('service', typeof fields.name === 'string' ? fields.name : where) };
  const v = serviceSchema.validate(input);
  if (!v.ok) report(problems, where, v);
  const filled = (v.ok ? v.value : serviceSchema.fillDefaults(input)) as Service;
  return { ...filled, created_at: 0, updated_at: 0 };
}

/** A decK route (nested plugins removed, service ref resolved) → a Route with Kong's defaults. */
export function toRoute(rec: Rec, where: string, problems: Problems, serviceId: string | null): Route {
  const { plugins: _plugins, service: _service, ...fields } = rec;
  const input = {
    ...fields,
    id: fields.id ?? stableId('route', typeof fields.name === 'string' ? fields.name : where),
    service: serviceId === null ? null : { id: serviceId },
  };
  const v = routeSchema.validate(input);
  if (!v.ok) report(problems, where, v);
  const filled = (v.ok ? v.value : routeSchema.fillDefaults(input)) as Route;
  return { ...filled, created_at: 0, updated_at: 0 };
}
