// konnect_gateway_control_plane (konnect.md §3): POST/GET/PATCH/DELETE /v2/control-planes.
// Better than the official provider (issues #330/#372): ReadResource maps the input-only
// cluster_type/auth_type/cloud_gateway/proxy_urls back from `config.*`, so an import is followed
// by an empty plan instead of a forced replacement.
import { isUnknown } from '../../cty/index.js';
import {
  withoutUnknowns,
  overlayKnown,
  type CreateRequest,
  type DeleteRequest,
  type ImportStateRequest,
  type JsObject,
  type JsValue,
  type ModifyPlanRequest,
  type ReadRequest,
  type Resource,
  type ResourceWithImportState,
  type ResourceWithModifyPlan,
  type UpdateRequest,
} from '../../framework/index.js';
import { controlPlanesApi, type ControlPlane, type CreateControlPlaneRequest, type ProxyUrl, type UpdateControlPlaneRequest } from '../../konnect/index.js';
import type { KonnectProviderData } from '../provider-data.js';
import { controlPlaneSchema } from './gateway-control-plane-schema.js';
import { konnectCall } from './konnect-call.js';
import { createOrAdopt } from './adopt-existing.js';

type P = KonnectProviderData;
const TYPE = 'konnect_gateway_control_plane';
const INPUTS = ['cluster_type', 'auth_type', 'cloud_gateway', 'proxy_urls'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const str = (v: JsValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const nonEmpty = <T extends object>(v: T | null | undefined): v is T =>
  v !== null && v !== undefined && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
const proxyUrls = (v: JsValue | undefined): ProxyUrl[] | undefined =>
  Array.isArray(v) ? (v as JsObject[]).map((u) => ({ host: String(u.host), port: Number(u.port), protocol: String(u.protocol) })) : undefined;

/** The API object as state. `base` is the prior state (refresh/import) or the plan (apply). */
export function controlPlaneToState(cp: ControlPlane, base: JsObject): JsObject {
  const cfg = cp.config;
  const serverProxyUrls = (cfg.proxy_urls ?? []).map((u) => ({ host: u.host, port: u.port, protocol: u.protocol }));
  const importing = base.name === null || base.name === undefined;
  const fromConfig: Record<(typeof INPUTS)[number], JsValue> = {
    cluster_type: cfg.cluster_type ?? null,
    auth_type: cfg.auth_type ?? null,
    cloud_gateway: typeof cfg.cloud_gateway === 'boolean' ? cfg.cloud_gateway : null,
    proxy_urls: serverProxyUrls.length > 0 ? serverProxyUrls : null,
  };
  const out: Record<string, JsValue> = {
    id: cp.id,
    name: cp.name,
    description: cp.description ?? '',
    // An empty map is "no labels": null unless labels were set before (then {} shows the drift).
    labels: nonEmpty(cp.labels) ? { ...cp.labels } : (base.labels ?? null) === null ? null : {},
    config: {
      control_plane_endpoint: cfg.control_plane_endpoint ?? null,
      telemetry_endpoint: cfg.telemetry_endpoint ?? null,
      cluster_type: fromConfig.cluster_type,
      auth_type: fromConfig.auth_type,
      cloud_gateway: fromConfig.cloud_gateway,
      proxy_urls: serverProxyUrls,
    },
  };
  for (const k of INPUTS) {
    const before = base[k] ?? null;
    // Import: take the server's value. Refresh: follow the server where the input was set (drift
    // shows), keep null where it was not (an unset input must not turn into a diff).
    // cloud_gateway: false is Konnect's default and what an unset input means, so an import
    // maps only `true` (a configured `false` then plans an in-place no-op, never a replacement).
    const imported = k === 'cloud_gateway' && fromConfig[k] === false ? null : fromConfig[k];
    out[k] = before !== null ? fromConfig[k] : importing ? imported : null;
  }
  return out;
}

function createBody(plan: JsObject): CreateControlPlaneRequest {
  const labels = plan.labels as Record<string, string> | null;
  const urls = proxyUrls(plan.proxy_urls);
  return {
    name: String(plan.name),
    ...(str(plan.description) !== undefined ? { description: str(plan.description)! } : {}),
    ...(str(plan.cluster_type) !== undefined ? { cluster_type: str(plan.cluster_type)! } : {}),
    ...(str(plan.auth_type) !== undefined ? { auth_type: str(plan.auth_type)! } : {}),
    ...(typeof plan.cloud_gateway === 'boolean' ? { cloud_gateway: plan.cloud_gateway } : {}),
    ...(nonEmpty(urls) ? { proxy_urls: urls } : {}),
    ...(nonEmpty(labels) ? { labels } : {}),
  };
}

/** PATCH body: what the plan knows; labels removed from the configuration are sent as null (deleted). */
function patchBody(state: JsObject, plan: JsObject): UpdateControlPlaneRequest {
  const merged = overlayKnown(state, plan) as JsObject;
  const urls = proxyUrls(merged.proxy_urls);
  let labels: Record<string, string | null> | undefined;
  const planned = plan.labels;
  if (planned !== null && planned !== undefined && !isUnknown(planned) && typeof planned === 'object' && !Array.isArray(planned)) {
    labels = { ...(planned as Record<string, string>) };
    for (const k of Object.keys((state.labels as Record<string, string> | null) ?? {})) if (!(k in labels)) labels[k] = null;
  }
  return {
    name: String(merged.name),
    ...(str(merged.description) !== undefined ? { description: str(merged.description)! } : {}),
    ...(str(merged.auth_type) !== undefined ? { auth_type: str(merged.auth_type)! } : {}),
    ...(urls ? { proxy_urls: urls } : {}),
    ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
  };
}

export class GatewayControlPlane implements Resource<P>, ResourceWithImportState<P>, ResourceWithModifyPlan<P> {
  readonly typeName = TYPE;
  private readonly attributes = Object.keys(controlPlaneSchema.attributes);

  schema() {
    return controlPlaneSchema;
  }

  private opts(action: string, notFoundAsNull = false) {
    return { action: `${action} ${TYPE}`, attributes: this.attributes, notFoundAsNull };
  }

  async create(req: CreateRequest<P>): Promise<JsObject | undefined> {
    const plan = withoutUnknowns(req.plan) as JsObject;
    const body = createBody(plan);
    const spec = {
      typeName: TYPE,
      key: `name ${JSON.stringify(body.name)}`,
      keyField: 'name',
      where: '',
      wanted: body as unknown as Record<string, unknown>,
      find: (d: P, signal: AbortSignal) => controlPlanesApi(d.client).findByName(body.name, signal),
      // The create body's input-only fields come back under `config`.
      comparable: (cp: ControlPlane) => ({ ...cp, ...cp.config }),
      importId: (cp: ControlPlane) => JSON.stringify(cp.id),
    };
    const cp = await createOrAdopt(req, this.opts('create'), spec, (d, signal) => controlPlanesApi(d.client).create(body, signal));
    return cp ? controlPlaneToState(cp, plan) : undefined;
  }

  async read(req: ReadRequest<P>): Promise<JsObject | null | undefined> {
    const cp = await konnectCall(req, this.opts('read', true), (d, signal) => controlPlanesApi(d.client).get(String(req.state.id), signal));
    if (cp === null) return null;
    return cp === undefined ? undefined : controlPlaneToState(cp, req.state);
  }

  async update(req: UpdateRequest<P>): Promise<JsObject | undefined> {
    const body = patchBody(req.state, req.plan);
    const cp = await konnectCall(req, this.opts('update'), (d, signal) => controlPlanesApi(d.client).update(String(req.state.id), body, signal));
    return cp ? controlPlaneToState(cp, overlayKnown(req.state, req.plan) as JsObject) : undefined;
  }

  async delete(req: DeleteRequest<P>): Promise<void> {
    await konnectCall(req, this.opts('delete'), (d, signal) => controlPlanesApi(d.client).delete(String(req.state.id), signal));
  }

  /** A configured cluster_type/cloud_gateway the server already has is no reason to replace (state from before this provider kept it null). */
  async modifyPlan(req: ModifyPlanRequest<P>): Promise<void> {
    const state = req.state;
    if (!state) return;
    const server = (state.config ?? null) as JsObject | null;
    for (const name of ['cluster_type', 'cloud_gateway'] as const) {
      const i = req.requiresReplace.findIndex((p) => p.toString() === name);
      if (i < 0 || state[name] !== null || !server) continue;
      if (req.plan[name] !== null && req.plan[name] === server[name]) req.requiresReplace.splice(i, 1);
    }
  }

  async importState(req: ImportStateRequest<P>): Promise<JsObject | undefined> {
    const id = req.id.trim();
    if (!UUID.test(id)) {
      req.diagnostics.addError(
        'Invalid ID',
        `The import ID of ${TYPE} is the control plane's UUID, e.g. "7f9fd312-a987-4628-b4c5-bb4f4fddd5f7"; got ${JSON.stringify(req.id)}.\n\n` +
          `    terraform import ${TYPE}.example 7f9fd312-a987-4628-b4c5-bb4f4fddd5f7\n\n` +
          'or in an import block: id = "7f9fd312-a987-4628-b4c5-bb4f4fddd5f7" (not a JSON object).',
      );
      return undefined;
    }
    return { id };
  }
}

export const gatewayControlPlane = () => new GatewayControlPlane();
