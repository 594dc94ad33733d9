// konnect_gateway_plugin_ai_proxy ↔ Konnect: the request body built from the plan (or, on update,
// prior state overlaid with the known plan, as the official provider does), and the state built
// from Konnect's answer — with the rules that keep plans empty:
//  - a nested object (auth, logging, model.options, …) the configuration leaves out plans as null;
//    if Konnect answers with that object filled only with its defaults, state keeps null;
//  - with the write-only header_value_wo in use, header_value stays null in state (the token
//    Konnect echoes never reaches state).
// Both walks are driven by the one ai-proxy attribute view from src/schemas.
import { isUnknown } from '../../cty/index.js';
import { overlayKnown, withoutUnknowns, type JsObject, type JsValue } from '../../framework/index.js';
import { aiProxyPluginView, type AttributeView } from '../../schemas/index.js';
import { HEADER_VALUE_WO, HEADER_VALUE_WO_VERSION } from './gateway-plugin-ai-proxy-schema.js';

type Obj = Record<string, JsValue | undefined>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v);

function child(v: JsValue | undefined, name: string): JsValue | undefined {
  return isObj(v) ? v[name] : undefined;
}

/** The write-only header value from the configuration (Terraform sends it on every apply). */
export function writeOnlyHeaderValue(config: JsObject): string | undefined {
  const v = child(child(config.config, 'auth'), HEADER_VALUE_WO);
  return typeof v === 'string' ? v : undefined;
}

/** The plugin entity Konnect takes: our attributes minus control_plane_id and the write-only pair. */
function entityBody(values: JsValue): Obj {
  const src = isObj(values) ? values : {};
  const { control_plane_id: _cp, ...rest } = src;
  const body: Obj = { ...rest, name: 'ai-proxy' };
  const config = isObj(body.config) ? { ...body.config } : undefined;
  if (config && isObj(config.auth)) {
    const { [HEADER_VALUE_WO]: _wo, [HEADER_VALUE_WO_VERSION]: _v, ...auth } = config.auth;
    config.auth = auth;
  }
  if (config) body.config = config;
  // Unknown (not yet assigned) ids and timestamps are left out, as the official provider does.
  for (const k of ['id', 'created_at', 'updated_at']) if (body[k] === null || body[k] === undefined) delete body[k];
  return body;
}

function injectWriteOnly(body: Obj, config: JsObject): Obj {
  const token = writeOnlyHeaderValue(config);
  if (token === undefined || !isObj(body.config)) return body;
  const auth = isObj(body.config.auth) ? body.config.auth : {};
  return { ...body, config: { ...body.config, auth: { ...auth, header_value: token } } };
}

/** POST body: the plan with unknowns left out, plus header_value from header_value_wo. */
export function createBody(plan: JsObject, config: JsObject): Obj {
  return injectWriteOnly(entityBody(withoutUnknowns(plan)), config);
}

/** PUT body: prior state overlaid with every known planned value (ids and timestamps from state). */
export function updateBody(state: JsObject, plan: JsObject, config: JsObject): Obj {
  return injectWriteOnly(entityBody(overlayKnown(state, plan)), config);
}

/** True when a record holds nothing but its defaults (what Kong stores for an omitted record). */
function onlyDefaults(view: AttributeView, value: JsValue | undefined): boolean {
  if (!isObj(value)) return value === null || value === undefined;
  for (const a of view.attributes ?? []) {
    const v = value[a.name];
    if (a.type === 'record' && a.nesting === 'single') {
      if (!onlyDefaults(a, v)) return false;
    } else if (v !== null && v !== undefined && JSON.stringify(v) !== JSON.stringify(a.default ?? null)) {
      return false;
    }
  }
  return true;
}

/**
 * Konnect's value for the attributes of `views`, reconciled with the prior state:
 * `prior` undefined means there is none (import), null means the prior value was null.
 */
function reconcile(views: readonly AttributeView[], remote: JsValue | undefined, prior: JsValue | undefined): Obj {
  const out: Obj = {};
  const r = isObj(remote) ? remote : {};
  for (const a of views) {
    const rv = r[a.name] ?? null;
    const pv = prior === undefined ? undefined : isObj(prior) ? (prior[a.name] ?? null) : null;
    const optional = !a.terraform.required;
    if (a.type === 'record' && a.nesting === 'single' && a.attributes) {
      if (!isObj(rv)) out[a.name] = null;
      else if (optional && (pv === null || pv === undefined) && a.name !== 'config' && onlyDefaults(a, rv)) out[a.name] = null;
      else out[a.name] = reconcile(a.attributes, rv, pv === undefined ? undefined : pv);
    } else if (Array.isArray(rv) && rv.length === 0 && pv === null && a.default === undefined) {
      // The configuration left the list out; an API that stores [] for it is not a change.
      out[a.name] = null;
    } else {
      out[a.name] = rv;
    }
  }
  return out;
}

/**
 * The state for Konnect's answer. `prior` is the state before (read), or the plan (create/update:
 * the framework keeps every known planned value anyway). On import it holds only the ids.
 */
export function stateFromRemote(remote: JsObject, prior: JsObject): JsObject {
  const imported = prior.config === null || prior.config === undefined;
  const out = reconcile(aiProxyPluginView, remote, imported ? undefined : prior);
  const priorAuth = child(prior.config, 'auth');
  const version = child(priorAuth, HEADER_VALUE_WO_VERSION);
  const config = isObj(out.config) ? (out.config as Obj) : null;
  if (config && isObj(config.auth)) {
    const writeOnlyInUse = version !== null && version !== undefined;
    config.auth = {
      ...config.auth,
      // With header_value_wo in use the token Konnect echoes must never reach state.
      ...(writeOnlyInUse ? { header_value: null } : {}),
      [HEADER_VALUE_WO]: null,
      [HEADER_VALUE_WO_VERSION]: isUnknown(version) ? null : (version ?? null),
    };
  }
  return { ...out, control_plane_id: prior.control_plane_id ?? null };
}
