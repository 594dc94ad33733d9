// Kong's entity endpoints as one transport-free router: the mock Konnect mounts it under
// `/v2/control-planes/{id}/core-entities`, the gateway's Admin API under `/` — one
// implementation, two prefixes. It takes a parsed request and returns status + JSON body.
import { isPlainObject } from '../schemas/index.js';
import type { Entity, EntityEngine, ListOptions } from './engine.js';
import { entityError, invalidUnique, type Result } from './errors.js';
import { decodeSegment, type Decoded } from './path.js';
import { type Dialect, type EntityResponse, errorResponse } from './responses.js';
import { ENTITY_TYPES, type EntityTypeName } from './types.js';

export interface EntityRequest {
  readonly method: string;
  /** The path below the mount point, e.g. `/services/abc/plugins`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Parsed JSON body (undefined when none). */
  readonly body: unknown;
}

export interface RouterOptions {
  readonly dialect: Dialect;
}

const COLLECTIONS: Record<string, EntityTypeName> = {
  services: 'services',
  routes: 'routes',
  consumers: 'consumers',
  consumer_groups: 'consumer_groups',
  plugins: 'plugins',
  'key-auths': 'keyauth_credentials',
};

/** Nested collections: parent collection → child segment → (child type, parent field). */
const NESTED: Record<string, Record<string, { type: EntityTypeName; field: string }>> = {
  services: { plugins: { type: 'plugins', field: 'service' }, routes: { type: 'routes', field: 'service' } },
  routes: { plugins: { type: 'plugins', field: 'route' } },
  consumers: { plugins: { type: 'plugins', field: 'consumer' }, 'key-auth': { type: 'keyauth_credentials', field: 'consumer' } },
  consumer_groups: { plugins: { type: 'plugins', field: 'consumer_group' } },
};

export class EntityRouter {
  constructor(
    readonly engine: EntityEngine,
    private readonly opts: RouterOptions,
  ) {}

  private err(e: Parameters<typeof errorResponse>[0]): EntityResponse {
    return errorResponse(e, this.opts.dialect);
  }

  private reply<T>(res: Result<T>, status: number, map: (v: T) => unknown = (v) => v): EntityResponse {
    return res.ok ? { status, body: map(res.value) } : this.err(res.error);
  }

  /**
   * Handle one request for workspace `ws`. `mount` is the prefix the caller mounted the router
   * at (used in `next` links). Returns undefined when no entity endpoint matches.
   */
  handle(ws: string, req: EntityRequest, mount = ''): EntityResponse | undefined {
    const parts = req.path.split('/').filter(Boolean).map(decodeSegment);
    const undecodable = parts.findIndex((p) => !p.ok);
    if (undecodable >= 0) return this.undecodable(parts, undecodable);
    const segs = parts.map((p) => (p as { value: string }).value);
    const m = req.method.toUpperCase();
    const [a, b, c, d] = segs;
    if (a === undefined) return undefined;
    if (segs.length <= 2 && COLLECTIONS[a]) {
      const type = COLLECTIONS[a]!;
      if (b === undefined) {
        if (m === 'GET') return this.list(ws, type, req, mount);
        if (m === 'POST') return this.reply(this.engine.create(ws, type, req.body), 201);
        return undefined;
      }
      return this.item(ws, type, b, m, req.body);
    }
    if (a === 'consumer_groups' && b !== undefined && c === 'consumers') return this.members(ws, b, d, m, req, mount);
    if (a === 'consumers' && b !== undefined && c === 'consumer_groups' && d === undefined) return this.groupsOf(ws, b, m, req);
    const nested = c !== undefined ? NESTED[a]?.[c] : undefined;
    if (!nested || b === undefined || segs.length > 4) return undefined;
    const parentType = COLLECTIONS[a]!;
    const parent = this.engine.get(ws, parentType, b);
    if (!parent.ok) return this.err(parent.error);
    const scope = { [nested.field]: { id: parent.value.id } };
    const belongs = (e: Entity) => (e[nested.field] as { id?: string } | null)?.id === parent.value.id;
    if (d === undefined) {
      if (m === 'GET') return this.list(ws, nested.type, req, mount, belongs);
      if (m === 'POST') return this.reply(this.engine.create(ws, nested.type, withScope(req.body, scope)), 201);
      return undefined;
    }
    if (m !== 'PUT') {
      const child = this.engine.get(ws, nested.type, d);
      if (child.ok && !belongs(child.value)) return m === 'DELETE' ? { status: 204 } : this.err(entityError('not_found', 'Not found'));
    }
    return this.item(ws, nested.type, d, m, m === 'PUT' || m === 'PATCH' ? withScope(req.body, scope) : req.body);
  }

  /**
   * A path segment that does not decode (`%zz`, or bytes that are not UTF-8). In an id-or-name
   * position it is Kong's `invalid unique <endpoint key>` (400); elsewhere no endpoint matches.
   */
  private undecodable(parts: readonly Decoded[], at: number): EntityResponse | undefined {
    const seg = (i: number) => {
      const p = parts[i];
      return p?.ok ? p.value : undefined;
    };
    const a = seg(0);
    const c = seg(2);
    let type: EntityTypeName | undefined;
    if (at === 1 && a !== undefined) type = COLLECTIONS[a];
    else if (at === 3 && a !== undefined && c !== undefined)
      type = a === 'consumer_groups' && c === 'consumers' ? 'consumers' : a === 'consumers' && c === 'consumer_groups' ? 'consumer_groups' : NESTED[a]?.[c]?.type;
    if (type === undefined) return undefined;
    const message = (parts[at] as { message: string }).message;
    return this.err(invalidUnique(ENTITY_TYPES[type].endpointKey ?? 'id', message));
  }

  private item(ws: string, type: EntityTypeName, ref: string, m: string, body: unknown): EntityResponse | undefined {
    switch (m) {
      case 'GET': {
        const res = this.engine.get(ws, type, ref);
        if (type !== 'consumer_groups') return this.reply(res, 200);
        return this.reply(res, 200, (g) => {
          const consumers = this.engine.members(ws, g.id);
          return consumers.length ? { consumer_group: g, consumers } : { consumer_group: g };
        });
      }
      case 'PUT':
        return this.reply(this.engine.upsert(ws, type, ref, body), 200);
      case 'PATCH':
        return this.reply(this.engine.patch(ws, type, ref, body), 200);
      case 'DELETE': {
        const res = this.engine.delete(ws, type, ref);
        return res.ok ? { status: 204 } : this.err(res.error);
      }
      default:
        return undefined;
    }
  }

  private list(ws: string, type: EntityTypeName, req: EntityRequest, mount: string, where?: (e: Entity) => boolean): EntityResponse {
    const opts: ListOptions = {
      size: req.query.get('size') ?? undefined,
      offset: req.query.get('offset') ?? undefined,
      tags: req.query.get('tags') ?? undefined,
      ...(where ? { where } : {}),
    };
    const res = this.engine.list(ws, type, opts);
    if (!res.ok) return this.err(res.error);
    const { data, offset } = res.value;
    if (offset === undefined) return { status: 200, body: { data, next: null } };
    const q = new URLSearchParams();
    if (opts.size) q.set('size', opts.size);
    if (opts.tags) q.set('tags', opts.tags);
    q.set('offset', offset);
    return { status: 200, body: { data, next: `${mount}${req.path}?${q.toString()}`, offset } };
  }

  private members(ws: string, group: string, consumer: string | undefined, m: string, req: EntityRequest, mount: string): EntityResponse | undefined {
    const g = this.engine.get(ws, 'consumer_groups', group);
    if (!g.ok) return this.err(g.error);
    if (consumer !== undefined) {
      if (m !== 'DELETE') return undefined;
      const res = this.engine.removeMember(ws, group, consumer);
      return res.ok ? { status: 204 } : this.err(res.error);
    }
    if (m === 'GET') {
      const all = this.engine.members(ws, g.value.id);
      return { status: 200, body: { data: all, next: null } };
    }
    if (m !== 'POST') return undefined;
    const refs = refList(req.body, 'consumer');
    if (!refs) return this.err(entityError('schema_violation', 'schema violation (consumer: required field missing)', { consumer: 'required field missing' }));
    const consumers: Entity[] = [];
    for (const ref of refs) {
      const res = this.engine.addMember(ws, group, ref);
      if (!res.ok) return this.err(res.error);
      consumers.push(res.value.consumer);
    }
    void mount;
    return { status: 201, body: { consumer_group: g.value, consumers } };
  }

  private groupsOf(ws: string, consumer: string, m: string, req: EntityRequest): EntityResponse | undefined {
    const c = this.engine.get(ws, 'consumers', consumer);
    if (!c.ok) return this.err(c.error);
    if (m === 'GET') return { status: 200, body: { data: this.engine.groupsOf(ws, c.value.id), next: null } };
    if (m !== 'POST') return undefined;
    const refs = refList(req.body, 'group');
    if (!refs) return this.err(entityError('schema_violation', 'schema violation (group: required field missing)', { group: 'required field missing' }));
    const groups: Entity[] = [];
    for (const ref of refs) {
      const res = this.engine.addMember(ws, ref, c.value.id);
      if (!res.ok) return this.err(res.error);
      groups.push(res.value.group);
    }
    return { status: 201, body: { consumer: c.value, consumer_groups: groups } };
  }
}

function withScope(body: unknown, scope: Record<string, unknown>): unknown {
  return isPlainObject(body) ? { ...body, ...scope } : body;
}

/** `{"consumer": "ref"}`, `{"consumer": ["a","b"]}` or `{"consumer": {"id": "…"}}`. */
function refList(body: unknown, key: string): string[] | undefined {
  if (!isPlainObject(body)) return undefined;
  const v = body[key];
  if (typeof v === 'string' && v) return [v];
  if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string')) return v as string[];
  if (isPlainObject(v) && typeof v.id === 'string') return [v.id];
  return undefined;
}
