// One generic resource for Konnect core entities (services, routes, consumers, consumer groups):
// POST to the top-level collection, GET (404 → removed from state), PUT the whole object on
// update, DELETE (404 fine). The schema comes from the entity's attribute table in src/schemas
// plus `control_plane_id`; the state is the API object mapped attribute by attribute.
import { attributesFromTable, withoutUnknowns, overlayKnown, type CreateRequest, type DeleteRequest, type ImportStateRequest, type JsObject, type JsValue, type ReadRequest, type Resource, type ResourceWithImportState, type SchemaSpec, type TableAttribute, type UpdateRequest, type ValidateConfigRequest, type ResourceWithValidateConfig } from '../../framework/index.js';
import type { CheckGroup } from '../../schemas/index.js';
import { checkEntityRules } from './entity-rules.js';
import { describeUniqueKey, findByUniqueKey, type CoreEntityApi, type CoreEntityKind, type EntityInput, type KonnectClient } from '../../konnect/index.js';
import { createOrAdopt, entityImportId } from './adopt-existing.js';
import type { KonnectProviderData } from '../provider-data.js';
import { parseEntityImportId } from './import-id.js';
import { konnectCall } from './konnect-call.js';
import { controlPlaneIdAttribute, keepStable, plainDescriptions } from './schema-util.js';
import { apiToState, stateToBody } from './entity-mapping.js';

type P = KonnectProviderData;

export interface CoreEntityDefinition {
  readonly typeName: string;
  readonly description: string;
  /** The entity's attribute table (src/schemas/entity-schemas). */
  readonly table: readonly TableAttribute[];
  readonly api: (client: KonnectClient) => CoreEntityApi<unknown>;
  /** The collection (what makes an object unique depends on it: konnect/unique-keys.ts). */
  readonly kind: CoreEntityKind;
  /** The id in the import-format example of error messages (the official docs' example). */
  readonly exampleId: string;
  /** Top-level attributes whose prior value is kept when the API answers null (route `headers`). */
  readonly keepWhenNull?: readonly string[];
  /** The official consumer-group quirk: GET after create/update and use that object. */
  readonly readAfterWrite?: boolean;
  /** Kong's cross-field rules of the entity (its compiled schema's `checks`), run at validate. */
  readonly checks?: readonly CheckGroup[];
}

export class CoreEntityResource implements Resource<P>, ResourceWithImportState<P>, ResourceWithValidateConfig {
  readonly typeName: string;
  private readonly spec: SchemaSpec;
  private readonly attributeNames: readonly string[];

  constructor(private readonly def: CoreEntityDefinition) {
    this.typeName = def.typeName;
    const attributes = plainDescriptions(
      keepStable({ control_plane_id: controlPlaneIdAttribute(), ...attributesFromTable(def.table) }, ['id', 'created_at']),
    );
    this.spec = { description: def.description, attributes };
    this.attributeNames = Object.keys(attributes);
  }

  schema(): SchemaSpec {
    return this.spec;
  }

  validateConfig(req: ValidateConfigRequest): void {
    checkEntityRules(this.def.checks ?? [], req.withDefaults, req.diagnostics);
  }

  private opts(action: string, notFoundAsNull = false) {
    return { action: `${action} ${this.typeName}`, attributes: this.attributeNames, notFoundAsNull };
  }

  private toState(api: unknown, cpId: string, prior: JsObject | null): JsObject {
    return apiToState(this.def.table, api as Record<string, unknown>, cpId, prior, this.def.keepWhenNull ?? []);
  }

  async create(req: CreateRequest<P>): Promise<JsObject | undefined> {
    const plan = withoutUnknowns(req.plan) as JsObject;
    const cpId = String(plan.control_plane_id);
    const body = stateToBody(plan) as EntityInput<unknown>;
    const kind = this.def.kind;
    const spec = {
      typeName: this.typeName,
      key: describeUniqueKey(kind, body),
      keyField: kind === 'consumers' ? 'username or custom_id' : 'name',
      where: `control plane ${cpId}`,
      wanted: body,
      find: (d: P, signal: AbortSignal) => findByUniqueKey(d.client, this.def.api(d.client), cpId, body, signal),
      importId: (e: unknown) => entityImportId(cpId, String((e as { id?: unknown }).id)),
    };
    const res = await createOrAdopt(req, this.opts('create'), spec, async (d, signal) => {
      const api = this.def.api(d.client);
      const created = (await api.create(cpId, body, signal)) as Record<string, unknown>;
      return this.def.readAfterWrite && typeof created.id === 'string' ? api.get(cpId, created.id, signal) : created;
    });
    return res ? this.toState(res, cpId, plan) : undefined;
  }

  async read(req: ReadRequest<P>): Promise<JsObject | null | undefined> {
    const cpId = String(req.state.control_plane_id);
    const res = await konnectCall(req, this.opts('read', true), (d, signal) => this.def.api(d.client).get(cpId, String(req.state.id), signal));
    if (res === null) return null;
    return res === undefined ? undefined : this.toState(res, cpId, req.state);
  }

  async update(req: UpdateRequest<P>): Promise<JsObject | undefined> {
    const merged = overlayKnown(req.state, req.plan) as JsObject;
    const cpId = String(merged.control_plane_id);
    const id = String(req.state.id);
    const body = stateToBody(merged) as EntityInput<unknown>;
    const res = await konnectCall(req, this.opts('update'), async (d, signal) => {
      const api = this.def.api(d.client);
      const updated = await api.update(cpId, id, body, signal);
      return this.def.readAfterWrite ? api.get(cpId, id, signal) : updated;
    });
    return res ? this.toState(res, cpId, merged) : undefined;
  }

  async delete(req: DeleteRequest<P>): Promise<void> {
    await konnectCall(req, this.opts('delete'), (d, signal) => this.def.api(d.client).delete(String(req.state.control_plane_id), String(req.state.id), signal));
  }

  async importState(req: ImportStateRequest<P>): Promise<JsObject | undefined> {
    const parsed = parseEntityImportId(req.id, this.typeName, this.def.exampleId, req.diagnostics);
    return parsed ? { control_plane_id: parsed.control_plane_id, id: parsed.id } : undefined;
  }
}

export type { JsValue };
