// The Kong entity engine: create / get / list / upsert / patch / delete for the core entities of
// one workspace over any KeyValueStore, with Kong's defaults, validation, unique constraints,
// foreign references and delete cascades. Values are stored exactly as validated (defaults
// filled, never normalised). Each mutation is one store transaction.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type ErrorTree, isPlainObject, schemaViolationMessage } from '../schemas/index.js';
import { type EntityError, entityError, fail, luaTable, ok, type Result } from './errors.js';
import { entityKey, entityPrefix, isUuid, uniqueKey, workspacePrefixes } from './keys.js';
import { lengthErrors, refError } from './limits.js';
import { decodeOffset, encodeOffset, parseSize, tagFilter } from './pagination.js';
import type { KeyValueStore, StoreTx } from './store.js';
import { ENTITY_TYPES, type EntityTypeDef, type EntityTypeName } from './types.js';

export type Entity = Record<string, unknown> & { readonly id: string };

export interface ListOptions {
  readonly size?: string;
  readonly offset?: string;
  readonly tags?: string;
  /** Only entities passing this filter (nested collections: `plugins` of one service, …). */
  readonly where?: (e: Entity) => boolean;
}

export interface Page {
  readonly data: Entity[];
  /** Present when there is a next page. */
  readonly offset?: string;
}

export interface EngineOptions {
  readonly now?: () => number;
  readonly newId?: () => string;
}

const REFERENCED_BY: Record<string, { type: EntityTypeName; field: string; onDelete: 'cascade' | 'restrict' }[]> = {};
for (const def of Object.values(ENTITY_TYPES))
  for (const f of def.foreignKeys) (REFERENCED_BY[f.references] ??= []).push({ type: def.name, field: f.field, onDelete: f.onDelete });

const schemaViolation = (fields: ErrorTree): EntityError => entityError('schema_violation', schemaViolationMessage(fields), fields);

/**
 * A write's input: Kong's `invalid unique` for a path reference no entity can have, then the
 * body — a record — with the type's shorthands (the service `url`) expanded.
 */
function writeInput(def: EntityTypeDef, ref: string | undefined, body: unknown): Result<Record<string, unknown>> {
  const bad = ref === undefined ? undefined : refError(def, ref);
  if (bad) return fail(bad);
  if (!isPlainObject(body)) return fail(entityError('schema_violation', 'schema violation (expected a record)'));
  if (!def.expandShorthands) return ok(body);
  const res = def.expandShorthands(body);
  return res.ok ? ok(res.value) : fail(schemaViolation(res.fields));
}

function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = isPlainObject(v) && isPlainObject(base[k]) ? deepMerge(base[k], v) : v;
  return out;
}

export class EntityEngine {
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(
    readonly store: KeyValueStore,
    opts: EngineOptions = {},
  ) {
    this.now = opts.now ?? (() => Math.floor(Date.now() / 1000));
    this.newId = opts.newId ?? randomUUID;
  }

  // ---- reads ------------------------------------------------------------------------------

  /** By id, or by the type's endpoint key (name, username, key…) when `ref` is not a UUID. */
  get(ws: string, type: EntityTypeName, ref: string): Result<Entity> {
    const bad = refError(ENTITY_TYPES[type], ref);
    if (bad) return fail(bad);
    const found = this.store.read((tx) => this.find(tx, ws, ENTITY_TYPES[type], ref));
    return found ? ok(found) : fail(entityError('not_found', 'Not found'));
  }

  list(ws: string, type: EntityTypeName, opts: ListOptions = {}): Result<Page> {
    const size = parseSize(opts.size);
    if (!size.ok) return size;
    const after = decodeOffset(opts.offset);
    if (!after.ok) return after;
    const tags = tagFilter(opts.tags);
    const prefix = entityPrefix(ws, type);
    return this.store.read((tx) => {
      const data: Entity[] = [];
      let more = false;
      for (const [, value] of tx.range(prefix, after.value !== undefined ? prefix + after.value : undefined)) {
        const e = value as Entity;
        if (opts.where && !opts.where(e)) continue;
        if (tags && !tags(e.tags)) continue;
        if (data.length === size.value) {
          more = true;
          break;
        }
        data.push(e);
      }
      return ok(more ? { data, offset: encodeOffset(data[data.length - 1]!.id) } : { data });
    });
  }

  /**
   * A digest of every entity in the workspace and the latest created_at/updated_at among them:
   * Konnect's expected config hash. It changes whenever any entity is created, changed or deleted.
   */
  configHash(ws: string): { hash: string; updatedAt: number | undefined } {
    return this.store.read((tx) => {
      const h = createHash('md5');
      let updatedAt: number | undefined;
      for (const [key, value] of tx.range(workspacePrefixes(ws)[0]!)) {
        h.update(key).update('\u0000').update(JSON.stringify(value)).update('\u0000');
        const e = value as { created_at?: unknown; updated_at?: unknown };
        for (const t of [e.created_at, e.updated_at]) if (typeof t === 'number' && (updatedAt === undefined || t > updatedAt)) updatedAt = t;
      }
      return { hash: h.digest('hex'), updatedAt };
    });
  }

  // ---- writes -----------------------------------------------------------------------------

  /** POST: a new entity; a client-supplied id is honoured (409 if taken). */
  create(ws: string, type: EntityTypeName, input: unknown): Result<Entity> {
    const def = ENTITY_TYPES[type];
    const checked = writeInput(def, undefined, input);
    if (!checked.ok) return checked;
    const body = checked.value;
    return this.store.write((tx) => {
      const id = typeof body.id === 'string' ? body.id : this.newId();
      if (isUuid(id) && tx.get(entityKey(ws, type, id)) !== undefined)
        return fail(entityError('primary_key_violation', `primary key violation on key '${luaTable({ id })}'`, { id }));
      const now = this.now();
      const input: Record<string, unknown> = { ...body, id, created_at: now };
      if (def.updatedAt) input.updated_at = now;
      return this.save(tx, ws, def, input, undefined);
    });
  }

  /** PUT: create or replace by id or endpoint key. `created` tells which happened. */
  upsert(ws: string, type: EntityTypeName, ref: string, raw: unknown): Result<Entity> & { readonly created?: boolean } {
    const def = ENTITY_TYPES[type];
    const checked = writeInput(def, ref, raw);
    if (!checked.ok) return checked;
    const body = checked.value;
    return this.store.write((tx) => {
      const existing = this.find(tx, ws, def, ref);
      const input: Record<string, unknown> = { ...body };
      if (isUuid(ref)) input.id = ref;
      else if (def.endpointKey) {
        input[def.endpointKey] = ref;
        input.id = existing?.id ?? (typeof body.id === 'string' ? body.id : this.newId());
      }
      const now = this.now();
      input.created_at = existing?.created_at ?? now;
      if (def.updatedAt) input.updated_at = now;
      const res = this.save(tx, ws, def, input, existing);
      return res.ok ? { ...res, created: !existing } : res;
    });
  }

  /** PATCH: merge into the stored entity (records merged deeply, arrays replaced). */
  patch(ws: string, type: EntityTypeName, ref: string, raw: unknown): Result<Entity> {
    const def = ENTITY_TYPES[type];
    const checked = writeInput(def, ref, raw);
    if (!checked.ok) return checked;
    const body = checked.value;
    return this.store.write((tx) => {
      const existing = this.find(tx, ws, def, ref);
      if (!existing) return fail(entityError('not_found', 'Not found'));
      const merged = deepMerge(existing, body) as Record<string, unknown>;
      merged.id = existing.id;
      merged.created_at = existing.created_at;
      if (def.updatedAt) merged.updated_at = this.now();
      return this.save(tx, ws, def, merged, existing);
    });
  }

  /** DELETE: 204 semantics (missing is fine); cascades, or Kong's error when restricted. */
  delete(ws: string, type: EntityTypeName, ref: string): Result<Entity | undefined> {
    const def = ENTITY_TYPES[type];
    const bad = refError(def, ref);
    if (bad) return fail(bad);
    return this.store.write((tx) => {
      const existing = this.find(tx, ws, def, ref);
      if (!existing) return ok(undefined);
      const blocked = this.restrictingType(tx, ws, type, existing.id);
      if (blocked)
        return fail(
          entityError('foreign_key_violation', `an existing '${blocked}' entity references this '${type}' entity`, {
            '@referenced_by': blocked,
          }),
        );
      this.removeCascading(tx, ws, def, existing);
      return ok(existing);
    });
  }

  /** Remove everything in a workspace (a deleted control plane). */
  dropWorkspace(ws: string): void {
    this.store.write((tx) => {
      for (const prefix of workspacePrefixes(ws)) for (const [key] of [...tx.range(prefix)]) tx.remove(key);
    });
  }

  /** Add a consumer to a consumer group (idempotent). */
  addMember(ws: string, groupRef: string, consumerRef: string): Result<{ group: Entity; consumer: Entity }> {
    const bad = refError(ENTITY_TYPES.consumer_groups, groupRef) ?? refError(ENTITY_TYPES.consumers, consumerRef);
    if (bad) return fail(bad);
    return this.store.write((tx) => {
      const group = this.find(tx, ws, ENTITY_TYPES.consumer_groups, groupRef);
      if (!group) return fail(entityError('not_found', 'Not found'));
      const consumer = this.find(tx, ws, ENTITY_TYPES.consumers, consumerRef);
      if (!consumer)
        return fail(
          entityError('foreign_key_violation', `the foreign key '${luaTable({ id: consumerRef })}' does not reference an existing 'consumers' entity.`, {
            consumer: { id: consumerRef },
          }),
        );
      const id = `${group.id}:${consumer.id}`;
      tx.put(entityKey(ws, 'consumer_group_consumers', id), {
        id,
        consumer_group: { id: group.id },
        consumer: { id: consumer.id },
        created_at: this.now(),
      });
      return ok({ group, consumer });
    });
  }

  removeMember(ws: string, groupRef: string, consumerRef: string): Result<boolean> {
    const bad = refError(ENTITY_TYPES.consumer_groups, groupRef) ?? refError(ENTITY_TYPES.consumers, consumerRef);
    if (bad) return fail(bad);
    return this.store.write((tx) => {
      const group = this.find(tx, ws, ENTITY_TYPES.consumer_groups, groupRef);
      const consumer = this.find(tx, ws, ENTITY_TYPES.consumers, consumerRef);
      if (!group || !consumer) return fail(entityError('not_found', 'Not found'));
      const key = entityKey(ws, 'consumer_group_consumers', `${group.id}:${consumer.id}`);
      const had = tx.get(key) !== undefined;
      tx.remove(key);
      return ok(had);
    });
  }

  /** Consumers of a group, in id order of the membership rows. */
  members(ws: string, groupId: string): Entity[] {
    return this.store.read((tx) => {
      const out: Entity[] = [];
      for (const [, v] of tx.range(entityPrefix(ws, 'consumer_group_consumers') + groupId + ':')) {
        const c = tx.get(entityKey(ws, 'consumers', (v as { consumer: { id: string } }).consumer.id));
        if (c) out.push(c as Entity);
      }
      return out;
    });
  }

  /** Groups a consumer belongs to. */
  groupsOf(ws: string, consumerId: string): Entity[] {
    return this.store.read((tx) => {
      const out: Entity[] = [];
      for (const [, v] of tx.range(entityPrefix(ws, 'consumer_group_consumers'))) {
        const m = v as { consumer: { id: string }; consumer_group: { id: string } };
        if (m.consumer.id !== consumerId) continue;
        const g = tx.get(entityKey(ws, 'consumer_groups', m.consumer_group.id));
        if (g) out.push(g as Entity);
      }
      return out;
    });
  }

  // ---- internals --------------------------------------------------------------------------

  private find(tx: StoreTx, ws: string, def: EntityTypeDef, ref: string): Entity | undefined {
    if (isUuid(ref)) {
      const byId = tx.get(entityKey(ws, def.name, ref)) as Entity | undefined;
      if (byId) return byId;
    }
    if (!def.endpointKey) return undefined;
    const id = tx.get(uniqueKey(ws, def.name, def.endpointKey, ref)) as string | undefined;
    return id ? (tx.get(entityKey(ws, def.name, id)) as Entity | undefined) : undefined;
  }

  private save(tx: StoreTx, ws: string, def: EntityTypeDef, input: Record<string, unknown>, existing: Entity | undefined): Result<Entity> {
    if (def.generatedKey && (input[def.generatedKey] === undefined || input[def.generatedKey] === null))
      input[def.generatedKey] = randomBytes(16).toString('hex');
    const checked = def.validate(input);
    const tooLong = lengthErrors(def, input);
    if (!checked.ok || tooLong) return fail(schemaViolation({ ...(checked.ok ? {} : checked.fields), ...tooLong }));
    const entity = checked.value as Entity;

    for (const f of def.foreignKeys) {
      const ref = (entity[f.field] as { id?: unknown } | null | undefined)?.id;
      if (typeof ref !== 'string') continue;
      if (tx.get(entityKey(ws, f.references, ref)) === undefined)
        return fail(
          entityError('foreign_key_violation', `the foreign key '${luaTable({ id: ref })}' does not reference an existing '${f.references}' entity.`, {
            [f.field]: { id: ref },
          }),
        );
    }
    for (const field of def.uniques) {
      const v = entity[field];
      if (typeof v !== 'string') continue;
      const owner = tx.get(uniqueKey(ws, def.name, field, v));
      if (owner !== undefined && owner !== entity.id)
        return fail(entityError('unique_violation', `UNIQUE violation detected on '${luaTable({ [field]: v })}'`, { [field]: v }));
    }
    const composite = def.compositeKey?.(entity);
    if (composite) {
      const ck = JSON.stringify(composite);
      const owner = tx.get(uniqueKey(ws, def.name, '#cache_key', ck));
      if (owner !== undefined && owner !== entity.id)
        return fail(entityError('unique_violation', `UNIQUE violation detected on '${luaTable(composite)}'`, composite));
    }

    if (existing) this.unindex(tx, ws, def, existing);
    tx.put(entityKey(ws, def.name, entity.id), entity);
    this.index(tx, ws, def, entity);
    return ok(entity);
  }

  private index(tx: StoreTx, ws: string, def: EntityTypeDef, e: Entity): void {
    for (const field of def.uniques) if (typeof e[field] === 'string') tx.put(uniqueKey(ws, def.name, field, e[field] as string), e.id);
    const composite = def.compositeKey?.(e);
    if (composite) tx.put(uniqueKey(ws, def.name, '#cache_key', JSON.stringify(composite)), e.id);
  }

  private unindex(tx: StoreTx, ws: string, def: EntityTypeDef, e: Entity): void {
    for (const field of def.uniques) if (typeof e[field] === 'string') tx.remove(uniqueKey(ws, def.name, field, e[field] as string));
    const composite = def.compositeKey?.(e);
    if (composite) tx.remove(uniqueKey(ws, def.name, '#cache_key', JSON.stringify(composite)));
  }

  private referencing(tx: StoreTx, ws: string, type: EntityTypeName, id: string, field: string): Entity[] {
    const out: Entity[] = [];
    for (const [, v] of tx.range(entityPrefix(ws, type))) {
      const e = v as Entity;
      if ((e[field] as { id?: string } | null)?.id === id) out.push(e);
    }
    return out;
  }

  private restrictingType(tx: StoreTx, ws: string, type: EntityTypeName, id: string): EntityTypeName | undefined {
    for (const ref of REFERENCED_BY[type] ?? [])
      if (ref.onDelete === 'restrict' && this.referencing(tx, ws, ref.type, id, ref.field).length > 0) return ref.type;
    return undefined;
  }

  private removeCascading(tx: StoreTx, ws: string, def: EntityTypeDef, e: Entity): void {
    this.unindex(tx, ws, def, e);
    tx.remove(entityKey(ws, def.name, e.id));
    for (const ref of REFERENCED_BY[def.name] ?? []) {
      if (ref.onDelete !== 'cascade') continue;
      for (const child of this.referencing(tx, ws, ref.type, e.id, ref.field)) this.removeCascading(tx, ws, ENTITY_TYPES[ref.type], child);
    }
  }
}
