// What a provider author writes: the provider block's schema, configure (which produces the
// data every resource receives, e.g. an API client), the resources, the data sources, and stop.
import type { Diagnostics } from '../common/index.js';
import type { Logger } from '../common/index.js';
import type { AnyDataSource } from './data-source.js';
import type { ResourceRegistration } from './resource.js';
import type { SchemaSpec } from './schema/attribute.js';
import type { JsObject } from './values.js';

export interface ConfigureRequest {
  readonly config: JsObject;
  readonly terraformVersion: string;
  readonly signal: AbortSignal;
  readonly diagnostics: Diagnostics;
  readonly logger: Logger;
}

export interface Provider<P = unknown> {
  /** The provider's type name ("konnect"); resource type names start with it. */
  readonly typeName: string;
  readonly version: string;
  schema(): SchemaSpec;
  /** Checks of the provider block beyond the schema (values may be Unknown here). */
  validateConfig?(config: JsObject, diagnostics: Diagnostics): void;
  /** Returns the data handed to every resource call; undefined after an error diagnostic. */
  configure(req: ConfigureRequest): Promise<P | undefined>;
  /** Each resource, or a LazyResource built (and its schema compiled) when first used. */
  resources(): readonly ResourceRegistration<P>[];
  /** The data sources (none when left out). */
  dataSources?(): readonly AnyDataSource<P>[];
  /** StopProvider: cancel everything in flight. */
  stop?(): void;
}
