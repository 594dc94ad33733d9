// kong-entities/: the Kong entity engine for one workspace at a time (a Konnect control plane,
// or the gateway's own Admin API) — CRUD with Kong's defaults, validation, unique constraints,
// references and cascades over a pluggable store (memory, LMDB, or PostgreSQL shared by many nodes), and one transport-free
// router for Kong's entity endpoints that both the mock Konnect and the Admin API mount, and
// the hostile-input guards both HTTP layers share (body size and nesting caps, safe path decoding).
export type { KeyValueStore, StoreTx } from './store.js';
export { MemoryStore } from './memory-store.js';
export { LmdbStore } from './lmdb-store.js';
export { PgStore, CHANGE_CHANNEL } from './pg/pg-store.js';
export { type PgOptions, type PgFailureCode, PgStoreError, classifyPgError, describeTarget } from './pg/connection.js';
export { MIGRATIONS, listMigrations, migrateUp, type MigrationState } from './pg/migrations.js';
export { EntityEngine, type Entity, type EngineOptions, type ListOptions, type Page } from './engine.js';
export { type EntityError, type EntityErrorKind, type Result, entityError } from './errors.js';
export { ENTITY_TYPES, type EntityTypeDef, type EntityTypeName } from './types.js';
export { EntityRouter, type EntityRequest, type RouterOptions } from './router.js';
export { type Dialect, type EntityResponse, errorResponse } from './responses.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';
export { isUuid } from './keys.js';
export { NAME_MAX } from './limits.js';
export { decodeSegment, malformedEscape } from './path.js';
export { MAX_BODY_BYTES, MAX_JSON_DEPTH, parseJsonBody, readBody, type BodyRead, type ParsedBody } from './request-body.js';
export { MAX_KEY_BYTES } from './store.js';
