// The entity types the engine knows: how each is validated, looked up by name, kept unique, and
// what it references (and what happens to it when the referenced entity is deleted).
import {
  consumerGroupSchema,
  consumerSchema,
  keyAuthCredentialSchema,
  expandServiceUrl,
  routeSchema,
  serviceSchema,
  validatePlugin,
  type ErrorTree,
  type Validation,
} from '../schemas/index.js';

export type EntityTypeName =
  | 'services'
  | 'routes'
  | 'consumers'
  | 'consumer_groups'
  | 'plugins'
  | 'keyauth_credentials'
  | 'consumer_group_consumers';

export interface ForeignKeyDef {
  readonly field: string;
  readonly references: EntityTypeName;
  /** Kong: routes restrict the deletion of their service; everything else cascades. */
  readonly onDelete: 'cascade' | 'restrict';
}

export interface EntityTypeDef {
  readonly name: EntityTypeName;
  validate(input: unknown): Validation<unknown>;
  /** The field `GET /<type>/{name}` resolves when the path segment is not a UUID. */
  readonly endpointKey?: string;
  readonly uniques: readonly string[];
  /** A composite uniqueness key (Kong's plugin cache_key); undefined = not constrained. */
  compositeKey?(entity: Record<string, unknown>): Record<string, unknown> | undefined;
  readonly foreignKeys: readonly ForeignKeyDef[];
  readonly updatedAt: boolean;
  /** Kong generates the endpoint key when it is absent (key-auth `key`). */
  readonly generatedKey?: string;
  /** String fields capped at limits.ts's NAME_MAX (Konnect's cap on names and usernames). */
  readonly lengthCapped?: readonly string[];
  /**
   * Kong's `shorthand_fields`: input-only helpers expanded before validation (the service
   * `url`), never stored or returned. An error is a field tree for a schema violation.
   */
  expandShorthands?(body: Record<string, unknown>): { ok: true; value: Record<string, unknown> } | { ok: false; fields: ErrorTree };
}

const fk = (field: string, references: EntityTypeName, onDelete: ForeignKeyDef['onDelete'] = 'cascade'): ForeignKeyDef => ({
  field,
  references,
  onDelete,
});

const scopeOf = (e: Record<string, unknown>, f: string) => (e[f] as { id?: string } | null)?.id ?? null;

export const ENTITY_TYPES: Readonly<Record<EntityTypeName, EntityTypeDef>> = {
  services: {
    name: 'services',
    validate: (i) => serviceSchema.validate(i),
    endpointKey: 'name',
    uniques: ['name'],
    foreignKeys: [],
    updatedAt: true,
    lengthCapped: ['name'],
    expandShorthands: expandServiceUrl,
  },
  routes: {
    name: 'routes',
    validate: (i) => routeSchema.validate(i),
    endpointKey: 'name',
    uniques: ['name'],
    foreignKeys: [fk('service', 'services', 'restrict')],
    updatedAt: true,
    lengthCapped: ['name'],
  },
  consumers: {
    name: 'consumers',
    validate: (i) => consumerSchema.validate(i),
    endpointKey: 'username',
    uniques: ['username', 'custom_id'],
    foreignKeys: [],
    updatedAt: true,
    lengthCapped: ['username', 'custom_id'],
  },
  consumer_groups: {
    name: 'consumer_groups',
    validate: (i) => consumerGroupSchema.validate(i),
    endpointKey: 'name',
    uniques: ['name'],
    foreignKeys: [],
    updatedAt: true,
    lengthCapped: ['name'],
  },
  plugins: {
    name: 'plugins',
    validate: (i) => validatePlugin(i),
    endpointKey: 'instance_name',
    uniques: ['instance_name'],
    compositeKey: (e) => ({
      name: e.name,
      route: scopeOf(e, 'route'),
      service: scopeOf(e, 'service'),
      consumer: scopeOf(e, 'consumer'),
      consumer_group: scopeOf(e, 'consumer_group'),
    }),
    foreignKeys: [fk('service', 'services'), fk('route', 'routes'), fk('consumer', 'consumers'), fk('consumer_group', 'consumer_groups')],
    updatedAt: true,
    lengthCapped: ['instance_name'],
  },
  keyauth_credentials: {
    name: 'keyauth_credentials',
    validate: (i) => keyAuthCredentialSchema.validate(i),
    endpointKey: 'key',
    uniques: ['key'],
    foreignKeys: [fk('consumer', 'consumers')],
    updatedAt: false,
    generatedKey: 'key',
  },
  consumer_group_consumers: {
    name: 'consumer_group_consumers',
    validate: (i) => ({ ok: true, value: i }),
    uniques: [],
    foreignKeys: [fk('consumer_group', 'consumer_groups'), fk('consumer', 'consumers')],
    updatedAt: false,
  },
};
