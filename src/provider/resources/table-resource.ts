// One resource implementation for every generated table (src/schemas/resource-tables): the
// konnect_gateway_plugin_* resources and the key-auth credential. The table gives the schema,
// the REST operations (paths with `{attribute}` placeholders), the import id's keys and the
// plugin name; this file gives the behaviour the official provider has for all of them
// (konnect.md §2, konnect-provider-more.md §1, §3):
//  - create POSTs the plan (unknowns left out; plugins: the constant `name`, and a lost answer
//    resolved by adopting the plugin with the same scope), reads 404 as gone, updates with a
//    full PUT of prior state overlaid with the plan — or, without an update operation, makes no
//    call (every attribute then forces replacement) — and deletes with 404 fine;
//  - the state is the API answer mapped by the one entity mapping (entity-mapping.ts);
//  - secrets have write-only twins (write-only-secrets.ts).
import { AttributePath, type Diagnostics } from '../../common/index.js';
import { isUnknown } from '../../cty/index.js';
import type {
  CreateRequest,
  DeleteRequest,
  ImportStateRequest,
  JsObject,
  JsValue,
  ModifyPlanRequest,
  ReadRequest,
  Resource,
  ResourceWithImportState,
  ResourceWithModifyPlan,
  ResourceWithValidateConfig,
  SchemaSpec,
  UpdateRequest,
  ValidateConfigRequest,
} from '../../framework/index.js';
import { overlayKnown } from '../../framework/index.js';
import { describeUniqueKey, findByUniqueKey, pluginsApi, type EntityInput } from '../../konnect/index.js';
import type { ResourceOperation, ResourceTable, TableAttr } from '../../schemas/index.js';
import type { KonnectProviderData } from '../provider-data.js';
import { createOrAdopt, entityImportId } from './adopt-existing.js';
import { bodyFromValues, objectFromApi } from './entity-mapping.js';
import { parseImportId } from './import-id.js';
import { konnectCall } from './konnect-call.js';
import { schemaFromTable } from './table-schema.js';
import { checkWriteOnlyPairs, injectWriteOnly, planWriteOnly, stateWriteOnly } from './write-only-secrets.js';

type P = KonnectProviderData;
type Obj = Record<string, JsValue | undefined>;

/** What a resource adds to its table: extra configuration checks (Kong's cross-field rules). */
export interface TableResourceOptions {
  readonly validateConfig?: (req: ValidateConfigRequest) => void;
}

/** Server-assigned top-level values: left out of a body while they are not known. */
const SERVER_ASSIGNED = new Set(['id', 'created_at', 'updated_at']);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v);

/** The value with every unknown key left out, at any depth (Speakeasy's omitempty of unset values). */
function knownOnly(v: JsValue | undefined): JsValue | undefined {
  if (v === undefined || isUnknown(v)) return undefined;
  if (Array.isArray(v)) return v.map((e) => knownOnly(e) ?? null);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).flatMap(([k, e]) => (knownOnly(e) === undefined ? [] : [[k, knownOnly(e)!]])));
  return v;
}

/** `{control_plane_id}` placeholders filled from values (URL-encoded). */
function fillPath(op: ResourceOperation, values: Obj): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(values[name] ?? '')));
}

/** Every list-item member the API requires ("Not Null") that the configuration leaves null. */
function checkNotNull(attrs: readonly TableAttr[], value: unknown, path: AttributePath, diags: Diagnostics): void {
  if (!isObj(value)) return;
  for (const a of attrs) {
    const v = value[a.name];
    if (a.notNull && v === null) diags.addAttributeError(path.attr(a.name), 'Missing required argument', `${path.attr(a.name).toString()} must be set: Konnect requires it in every element.`);
    if (!a.attributes || v === null || v === undefined || isUnknown(v)) continue;
    if (a.nesting === 'single') checkNotNull(a.attributes, v, path.attr(a.name), diags);
    else if (Array.isArray(v)) v.forEach((item, i) => checkNotNull(a.attributes!, item, a.nesting === 'list' ? path.attr(a.name).index(i) : path.attr(a.name), diags));
  }
}

export class TableResource implements Resource<P>, ResourceWithImportState<P>, ResourceWithValidateConfig, ResourceWithModifyPlan<P> {
  readonly typeName: string;
  private readonly spec: SchemaSpec;
  private readonly bodyAttrs: readonly TableAttr[];
  private readonly attributeNames: readonly string[];

  constructor(
    private readonly table: ResourceTable,
    private readonly opts: TableResourceOptions = {},
  ) {
    this.typeName = table.typeName;
    this.spec = schemaFromTable(table);
    this.bodyAttrs = table.attributes.filter((a) => !table.pathAttributes.includes(a.name));
    this.attributeNames = Object.keys(this.spec.attributes);
  }

  schema(): SchemaSpec {
    return this.spec;
  }

  validateConfig(req: ValidateConfigRequest): void {
    checkWriteOnlyPairs(this.table.attributes, req.config, req.diagnostics);
    checkNotNull(this.table.attributes, req.config, AttributePath.root, req.diagnostics);
    this.opts.validateConfig?.(req);
  }

  /** A secret given write-only plans null, so no earlier value of it stays in state. */
  async modifyPlan(req: ModifyPlanRequest<P>): Promise<void> {
    req.plan = planWriteOnly(this.table.attributes, req.plan, req.config) as JsObject;
  }

  private callOpts(action: string, notFoundAsNull = false) {
    return { action: `${action} ${this.typeName}`, attributes: this.attributeNames, notFoundAsNull };
  }

  /** The request body from (known) values: table attributes only, the plugin name, `_wo` values sent. */
  private body(values: Obj, config: JsObject): Record<string, unknown> {
    const body = injectWriteOnly(this.bodyAttrs, bodyFromValues(this.bodyAttrs, values, SERVER_ASSIGNED), config);
    return this.table.pluginName ? { ...body, name: this.table.pluginName } : body;
  }

  /** The state for an API answer; `prior` is the plan (create/update) or the state (read). */
  private toState(remote: unknown, prior: JsObject): JsObject {
    const paths = this.table.pathAttributes;
    const imported = Object.entries(prior).every(([k, v]) => v === null || k === 'id' || paths.includes(k));
    const api = (isObj(remote) ? remote : {}) as Record<string, unknown>;
    const mapped = objectFromApi(this.bodyAttrs, api, imported ? undefined : (prior as Obj));
    const state = { ...stateWriteOnly(this.table.attributes, mapped, imported ? undefined : prior) } as Record<string, JsValue>;
    for (const p of paths) state[p] = prior[p] ?? null;
    return state;
  }

  async create(req: CreateRequest<P>): Promise<JsObject | undefined> {
    const plan = (knownOnly(req.plan) ?? {}) as Obj;
    const body = this.body(plan, req.config);
    const op = this.table.operations.create;
    const path = fillPath(op, plan);
    let remote: unknown;
    if (this.table.pluginName) {
      const cp = String(plan.control_plane_id);
      remote = await createOrAdopt(
        req,
        this.callOpts('create'),
        {
          typeName: this.typeName,
          key: describeUniqueKey('plugins', body),
          keyField: 'scope (service, route, consumer, consumer_group) or instance_name',
          where: `control plane ${cp}`,
          wanted: body,
          find: (d: P, signal: AbortSignal) => findByUniqueKey(d.client, pluginsApi(d.client), cp, body as EntityInput<unknown>, signal),
          importId: (e: { id: string }) => entityImportId(cp, e.id),
        },
        (d, signal) => pluginsApi(d.client).create(cp, body as EntityInput<never>, signal),
      );
    } else {
      remote = await konnectCall(req, this.callOpts('create'), async (d, signal) => (await d.client.call(op.method, path, { body, expect: [op.status], signal })).body);
    }
    return remote ? this.toState(remote, req.plan) : undefined;
  }

  async read(req: ReadRequest<P>): Promise<JsObject | null | undefined> {
    const op = this.table.operations.read;
    const path = fillPath(op, req.state as Obj);
    const remote = await konnectCall(req, this.callOpts('read', true), async (d, signal) => (await d.client.call(op.method, path, { expect: [op.status], signal })).body);
    if (remote === undefined) return undefined;
    if (remote === null) return null;
    return this.toState(remote, req.state);
  }

  async update(req: UpdateRequest<P>): Promise<JsObject | undefined> {
    const merged = overlayKnown(req.state, req.plan) as Obj;
    const op = this.table.operations.update;
    // No update operation (key-auth credentials): every attribute forces replacement, so an
    // update only stores the plan, as the official provider does.
    if (!op) return stateWriteOnly(this.table.attributes, merged, req.plan);
    const path = fillPath(op, merged);
    const body = this.body(merged, req.config);
    const remote = await konnectCall(req, this.callOpts('update'), async (d, signal) => (await d.client.call(op.method, path, { body, expect: [op.status], signal })).body);
    return remote ? this.toState(remote, req.plan) : undefined;
  }

  async delete(req: DeleteRequest<P>): Promise<void> {
    const op = this.table.operations.delete;
    const path = fillPath(op, req.state as Obj);
    await konnectCall(req, this.callOpts('delete'), (d, signal) => d.client.call(op.method, path, { expect: [op.status, 200, 404], signal }));
  }

  async importState(req: ImportStateRequest<P>): Promise<JsObject | undefined> {
    return parseImportId(req.id, this.typeName, this.table.importExample, req.diagnostics);
  }
}
