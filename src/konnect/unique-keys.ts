// What makes a Konnect object unique, and finding the object that holds a unique key — so that a
// create whose answer was lost (an interrupted apply, a dropped connection) can be repeated: the
// repeat answers "already exists", and the caller looks up what is there instead of failing.
//   control planes: name (per organisation)            services, routes, consumer groups: name
//   consumers: username, custom_id                      plugins: (name, service, route, consumer,
//                                                        consumer_group) — Kong's cache key — and instance_name
// Routes and services may have no name: their creates are not replay-safe.
import type { KonnectClient } from './client.js';
import type { CoreEntityApi, CoreEntityKind } from './core-entities.js';
import { KonnectError } from './errors.js';
import { paginate } from './pagination.js';

type Body = Readonly<Record<string, unknown>>;

const SCOPES = ['service', 'route', 'consumer', 'consumer_group'] as const;
const NAMED: ReadonlySet<CoreEntityKind> = new Set(['services', 'routes', 'consumer_groups']);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const scopeId = (v: unknown): string | null => (typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null);

/** True when a repeat of this create cannot make a second object: the body carries a unique key. */
export function isReplaySafeCreate(kind: CoreEntityKind, body: Body): boolean {
  if (kind === 'plugins') return str(body.name) !== undefined;
  if (kind === 'consumers') return str(body.username) !== undefined || str(body.custom_id) !== undefined;
  return NAMED.has(kind) && str(body.name) !== undefined;
}

/** Words for the unique key of `body`, for messages: `name "hf-service"`, `scope service 7fca…`. */
export function describeUniqueKey(kind: CoreEntityKind, body: Body): string {
  if (kind === 'plugins') {
    const scope = SCOPES.filter((s) => scopeId(body[s]) !== null).map((s) => `${s} ${scopeId(body[s])}`);
    return `plugin ${JSON.stringify(body.name)} ${scope.length ? `scoped to ${scope.join(', ')}` : '(global)'}`;
  }
  if (kind === 'consumers') return str(body.username) !== undefined ? `username ${JSON.stringify(body.username)}` : `custom_id ${JSON.stringify(body.custom_id)}`;
  return `name ${JSON.stringify(body.name)}`;
}

/** The same plugin slot: same name and the same four scopes (absent = null). */
function samePluginSlot(a: Body, b: Body): boolean {
  return a.name === b.name && SCOPES.every((s) => scopeId(a[s]) === scopeId(b[s]));
}

async function getOrUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (KonnectError.is(err) && err.code === 'KONNECT_ERR_NOT_FOUND') return undefined;
    throw err;
  }
}

/**
 * The object of `api`'s kind in control plane `cp` that holds one of `body`'s unique keys, or
 * undefined. Named kinds use GET by name (Konnect's GET takes an id or a name); consumers by
 * username likewise; custom_id and plugins read the collection.
 */
export async function findByUniqueKey<T>(client: KonnectClient, api: CoreEntityApi<T>, cp: string, body: Body, signal?: AbortSignal): Promise<T | undefined> {
  const kind = api.kind;
  if (NAMED.has(kind) || (kind === 'consumers' && str(body.username) !== undefined)) {
    const field = kind === 'consumers' ? 'username' : 'name';
    const key = str(body[field]);
    if (key === undefined) return undefined;
    const found = await getOrUndefined(api.get(cp, key, signal));
    if (found && (found as Body)[field] === key) return found;
    if (kind !== 'consumers' || str(body.custom_id) === undefined) return undefined;
  }
  const opts = signal ? { signal } : {};
  for await (const e of paginate<Body>(client, cp, kind, opts)) {
    if (kind === 'consumers' && str(body.custom_id) !== undefined && e.custom_id === body.custom_id) return e as T;
    if (kind === 'plugins' && (samePluginSlot(e, body) || (str(body.instance_name) !== undefined && e.instance_name === body.instance_name))) {
      // The list holds the full object; GET it so the answer has the shape `get` returns.
      return getOrUndefined(api.get(cp, String(e.id), signal));
    }
  }
  return undefined;
}
