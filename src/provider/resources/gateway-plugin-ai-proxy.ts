// konnect_gateway_plugin_ai_proxy: the ai-proxy plugin of a Konnect control plane, global or
// scoped by service/route/consumer/consumer_group. POST to the top-level plugins collection with
// the scoping objects, PUT on update, DELETE (404 fine); a 404 on read removes it from state;
// import id `{"control_plane_id": "…", "id": "…"}` (konnect.md §8).
import type {
  CreateRequest,
  DeleteRequest,
  ImportStateRequest,
  JsObject,
  ReadRequest,
  Resource,
  ResourceWithImportState,
  ResourceWithValidateConfig,
  UpdateRequest,
  ValidateConfigRequest,
} from '../../framework/index.js';
import { describeUniqueKey, findByUniqueKey, pluginsApi } from '../../konnect/index.js';
import { createOrAdopt, entityImportId } from './adopt-existing.js';
import type { KonnectProviderData } from '../provider-data.js';
import { createBody, stateFromRemote, updateBody } from './gateway-plugin-ai-proxy-body.js';
import { checkAiProxyConfig } from './gateway-plugin-ai-proxy-checks.js';
import { AI_PROXY_TYPE, aiProxySchema } from './gateway-plugin-ai-proxy-schema.js';
import { parseEntityImportId } from './import-id.js';
import { konnectCall } from './konnect-call.js';

type P = KonnectProviderData;

/** The official provider's example id for this resource (konnect.md §2.8). */
const EXAMPLE_ID = '3473c251-5b6c-4f45-b1ff-7ede735a366d';
const ATTRIBUTES = Object.keys(aiProxySchema.attributes);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export class GatewayPluginAiProxy implements Resource<P>, ResourceWithImportState<P>, ResourceWithValidateConfig {
  readonly typeName = AI_PROXY_TYPE;

  schema() {
    return aiProxySchema;
  }

  validateConfig(req: ValidateConfigRequest): void {
    checkAiProxyConfig(req.config, req.withDefaults, req.diagnostics);
  }

  async create(req: CreateRequest<P>): Promise<JsObject | undefined> {
    const cp = str(req.plan.control_plane_id);
    const body = createBody(req.plan, req.config);
    const spec = {
      typeName: AI_PROXY_TYPE,
      key: describeUniqueKey('plugins', body),
      keyField: 'scope (service, route, consumer, consumer_group) or instance_name',
      where: `control plane ${cp}`,
      wanted: body,
      find: (d: P, signal: AbortSignal) => findByUniqueKey(d.client, pluginsApi(d.client), cp, body, signal),
      importId: (e: { id: string }) => entityImportId(cp, e.id),
    };
    const remote = await createOrAdopt(req, { action: `create ${AI_PROXY_TYPE}`, attributes: ATTRIBUTES }, spec, (d, signal) =>
      pluginsApi(d.client).create(cp, body, signal),
    );
    return remote ? stateFromRemote(remote as unknown as JsObject, req.plan) : undefined;
  }

  async read(req: ReadRequest<P>): Promise<JsObject | null | undefined> {
    const cp = str(req.state.control_plane_id);
    const id = str(req.state.id);
    const remote = await konnectCall(req, { action: `read ${AI_PROXY_TYPE}`, notFoundAsNull: true }, (d, signal) =>
      pluginsApi(d.client).get(cp, id, signal),
    );
    if (remote === undefined) return undefined;
    if (remote === null) return null;
    return stateFromRemote(remote as unknown as JsObject, req.state);
  }

  async update(req: UpdateRequest<P>): Promise<JsObject | undefined> {
    const cp = str(req.state.control_plane_id);
    const id = str(req.state.id);
    const body = updateBody(req.state, req.plan, req.config);
    const remote = await konnectCall(req, { action: `update ${AI_PROXY_TYPE}`, attributes: ATTRIBUTES }, (d, signal) =>
      pluginsApi(d.client).update(cp, id, body, signal),
    );
    return remote ? stateFromRemote(remote as unknown as JsObject, req.plan) : undefined;
  }

  async delete(req: DeleteRequest<P>): Promise<void> {
    const cp = str(req.state.control_plane_id);
    const id = str(req.state.id);
    await konnectCall(req, { action: `delete ${AI_PROXY_TYPE}` }, (d, signal) => pluginsApi(d.client).delete(cp, id, signal));
  }

  async importState(req: ImportStateRequest<P>): Promise<JsObject | undefined> {
    const ids = parseEntityImportId(req.id, AI_PROXY_TYPE, EXAMPLE_ID, req.diagnostics);
    return ids ? { control_plane_id: ids.control_plane_id, id: ids.id } : undefined;
  }
}

/** Type check of the abilities (STYLE 3.6). */
export const gatewayPluginAiProxy = (): GatewayPluginAiProxy =>
  new GatewayPluginAiProxy() satisfies Resource<P> & ResourceWithImportState<P> & ResourceWithValidateConfig;
