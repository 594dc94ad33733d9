// What a resource author writes: metadata (type name), schema, create, read, update, delete —
// plus optional abilities (importState, modifyPlan, validateConfig, upgradeState) checked with
// `satisfies Resource & ResourceWithImportState`. Values are plain JS (see values.ts): numbers
// as numbers, every attribute present, unknowns (plans only) as Unknown.
import type { Diagnostics } from '../common/index.js';
import type { AttributePath } from '../common/index.js';
import type { SchemaSpec } from './schema/attribute.js';
import type { JsObject } from './values.js';

interface Base<P> {
  /** Whatever ConfigureProvider produced (e.g. the Konnect client). */
  readonly providerData: P;
  /** Aborted when Terraform stops the provider. */
  readonly signal: AbortSignal;
  readonly diagnostics: Diagnostics;
}

export interface CreateRequest<P> extends Base<P> {
  /** The plan: configured values and defaults known, computed ones Unknown. */
  readonly plan: JsObject;
  /** The configuration as written (write-only attributes are only here). */
  readonly config: JsObject;
}
export interface ReadRequest<P> extends Base<P> {
  readonly state: JsObject;
}
export interface UpdateRequest<P> extends Base<P> {
  readonly plan: JsObject;
  readonly config: JsObject;
  readonly state: JsObject;
}
export interface DeleteRequest<P> extends Base<P> {
  readonly state: JsObject;
}

/**
 * create/update return the object as the remote API now has it; the framework keeps every
 * known planned value and takes only the planned-unknown ones from it (so an apply can never be
 * "inconsistent"). read returns null when the remote object is gone ("removed from state").
 * Return undefined after adding an error diagnostic to keep the prior state.
 */
export interface Resource<P = unknown> {
  readonly typeName: string;
  schema(): SchemaSpec;
  create(req: CreateRequest<P>): Promise<JsObject | undefined>;
  read(req: ReadRequest<P>): Promise<JsObject | null | undefined>;
  update(req: UpdateRequest<P>): Promise<JsObject | undefined>;
  delete(req: DeleteRequest<P>): Promise<void>;
}

export interface ImportStateRequest<P> extends Base<P> {
  readonly id: string;
}
export interface ResourceWithImportState<P = unknown> {
  /** Returns the attributes the id identifies (e.g. {id, control_plane_id}); read fills the rest. */
  importState(req: ImportStateRequest<P>): Promise<JsObject | undefined>;
}

export interface ModifyPlanRequest<P> extends Base<P> {
  readonly config: JsObject;
  /** Null on create. */
  readonly state: JsObject | null;
  /** Mutable copy; change values in place or via setPlan. */
  plan: JsObject;
  readonly requiresReplace: AttributePath[];
}
export interface ResourceWithModifyPlan<P = unknown> {
  modifyPlan(req: ModifyPlanRequest<P>): Promise<void>;
}

export interface ValidateConfigRequest {
  /** May contain Unknown where the config refers to values not known yet. */
  readonly config: JsObject;
  /** `config` with the schema's defaults where it is null, as the plan will hold it (cross-field rules read this). */
  readonly withDefaults: JsObject;
  readonly diagnostics: Diagnostics;
}
export interface ResourceWithValidateConfig {
  validateConfig(req: ValidateConfigRequest): void | Promise<void>;
}

export interface UpgradeStateRequest {
  /** Schema version that wrote the state. */
  readonly version: number;
  /** The stored state's attributes as parsed JSON. */
  readonly rawState: Record<string, unknown>;
  readonly diagnostics: Diagnostics;
}
export interface ResourceWithUpgradeState {
  upgradeState(req: UpgradeStateRequest): JsObject | undefined | Promise<JsObject | undefined>;
}

export type AnyResource<P = unknown> = Resource<P> &
  Partial<ResourceWithImportState<P> & ResourceWithModifyPlan<P> & ResourceWithValidateConfig & ResourceWithUpgradeState>;

/**
 * A resource registered by type name and built on first use, with its schema compiled then: a
 * provider start, GetMetadata and a precomputed GetProviderSchema need only the name. For
 * providers with many large resources (the 111 generated plugins).
 */
export interface LazyResource<P = unknown> {
  readonly typeName: string;
  load(): AnyResource<P>;
}

/** What Provider.resources() lists: a resource, or one built on first use. */
export type ResourceRegistration<P = unknown> = AnyResource<P> | LazyResource<P>;
