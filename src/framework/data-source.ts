// What a data-source author writes: a type name, a schema (inputs Optional/Required, results
// Computed) and read, which returns the results; optionally validateConfig (cross-field rules).
// The framework answers ReadDataSource with the configured values as written and the computed
// ones from read, so the state always agrees with the configuration.
import type { Diagnostics } from '../common/index.js';
import type { ValidateConfigRequest } from './resource.js';
import type { SchemaSpec } from './schema/attribute.js';
import type { JsObject } from './values.js';

export interface DataSourceReadRequest<P> {
  /** Whatever ConfigureProvider produced (e.g. the Konnect client). */
  readonly providerData: P;
  /** Aborted when Terraform stops the provider. */
  readonly signal: AbortSignal;
  readonly diagnostics: Diagnostics;
  /** The configuration, wholly known (Terraform defers the read to apply otherwise). */
  readonly config: JsObject;
}

export interface DataSource<P = unknown> {
  readonly typeName: string;
  schema(): SchemaSpec;
  /**
   * Returns the computed attributes (others are ignored: the framework keeps the configured
   * ones); undefined after adding an error diagnostic.
   */
  read(req: DataSourceReadRequest<P>): Promise<JsObject | undefined>;
}

export interface DataSourceWithValidateConfig {
  validateConfig(req: ValidateConfigRequest): void | Promise<void>;
}

export type AnyDataSource<P = unknown> = DataSource<P> & Partial<DataSourceWithValidateConfig>;
