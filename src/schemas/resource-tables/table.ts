// The shape of a generated resource table (scripts/openapi/generate.ts writes one per resource
// from the official provider's OpenAPI). Attributes follow the table vocabulary the framework
// turns into a Terraform schema (framework/schema/from-table.ts `TableAttribute`), plus what the
// Speakeasy annotations add: force-new, keep-prior-when-unknown, not-null members, secrets, the
// wire name when the attribute is renamed, and the redis `port` transform.

export type TableType = 'string' | 'number' | 'integer' | 'boolean' | 'record' | 'array' | 'set' | 'map' | 'json';

export interface TableElement {
  readonly type: TableType;
  readonly element?: TableElement;
  readonly enum?: readonly (string | number)[];
}

export interface TableAttr {
  readonly path: string;
  readonly name: string;
  readonly type: TableType;
  readonly element?: TableElement;
  /** The planned value when the configuration leaves it out; `null` on a record: a null object. */
  readonly default?: unknown;
  readonly enum?: readonly (string | number)[];
  readonly between?: readonly [number, number];
  readonly lenMin?: number;
  readonly lenMax?: number;
  /** Marked sensitive (ours: every secret; the official marks none). */
  readonly sensitive: boolean;
  /** A secret (`x-encrypted`, or the credential itself): gets a write-only `<name>_wo` twin. */
  readonly secret?: boolean;
  readonly description?: string;
  readonly descriptionKind?: 'markdown';
  readonly terraform: { readonly required: boolean; readonly optional: boolean; readonly computed: boolean };
  /** RequiresReplaceIfConfigured ("Requires replacement if changed."). */
  readonly forceNew?: boolean;
  /** Speakeasy SuppressDiff: an unknown plan keeps the prior state value. */
  readonly suppressDiff?: boolean;
  /** Speakeasy `omitempty` (the property is not nullable): a null value is left out of bodies. */
  readonly omitEmpty?: boolean;
  /** A member of a list item the API requires: Optional+Computed in Terraform, but not null. */
  readonly notNull?: boolean;
  /** The JSON key when the attribute is renamed (`consumer_id` ↔ path parameter). */
  readonly wire?: string;
  /** A string in Terraform, sent as a JSON number when all digits (redis `port`, Speakeasy jq). */
  readonly digitsAsNumber?: boolean;
  readonly attributes?: readonly TableAttr[];
  readonly nesting?: 'single' | 'list' | 'set';
}

export interface ResourceOperation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** With `{param}` placeholders named by Terraform attribute (`{control_plane_id}`, `{id}`). */
  readonly path: string;
  readonly status: number;
}

export interface ResourceTable {
  readonly typeName: string;
  /** `GatewayPluginPrometheus Resource` */
  readonly description: string;
  /** Plugins: the constant `name` sent in every body. */
  readonly pluginName?: string;
  /** Top-level attributes the API path carries, not the body (`control_plane_id`, `consumer_id`). */
  readonly pathAttributes: readonly string[];
  /** The import id's keys with the official docs' example values (the read operation's path params). */
  readonly importExample: Readonly<Record<string, string>>;
  readonly operations: {
    readonly create: ResourceOperation;
    readonly read: ResourceOperation;
    readonly update?: ResourceOperation;
    readonly delete: ResourceOperation;
  };
  readonly attributes: readonly TableAttr[];
}

/**
 * A table built on its first call and kept. The generated tables are ~2 MB of literals; each one
 * sits inside such a function, so a provider process compiles and evaluates only the tables of
 * the resource types Terraform asks it about.
 */
export function lazyTable(build: () => ResourceTable): () => ResourceTable {
  let table: ResourceTable | undefined;
  return () => (table ??= build());
}
