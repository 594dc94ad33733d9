// The write-only twins of secrets (table-schema.ts adds `<name>_wo` and `<name>_wo_version` next
// to every secret): their configuration rules, the value sent to Konnect, and what state keeps.
//  - config: `<name>_wo` conflicts with `<name>`, and needs `<name>_wo_version`;
//  - body: the `_wo` value from the configuration is sent under the secret's wire name;
//  - state: `_wo` is null, `_wo_version` is what was planned (or stored), and while the
//    version is set the secret itself stays null — the value Konnect echoes never reaches state.
// Messages never repeat a value.
import { AttributePath, type Diagnostics } from '../../common/index.js';
import { isUnknown } from '../../cty/index.js';
import type { JsObject, JsValue } from '../../framework/index.js';
import type { TableAttr } from '../../schemas/index.js';
import { woName, woVersionName } from './table-schema.js';

type Obj = Record<string, JsValue | undefined>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v);
const isSet = (v: JsValue | undefined) => v !== null && v !== undefined;

/** Walks `attrs` over a value tree: `visit` at each object level holding a secret. */
function walk(attrs: readonly TableAttr[], value: unknown, path: AttributePath, visit: (a: TableAttr, obj: Obj, path: AttributePath) => void): void {
  if (!isObj(value)) return;
  for (const a of attrs) {
    if (a.secret && a.type === 'string') visit(a, value, path);
    const v = value[a.name];
    if (!a.attributes) continue;
    if (a.nesting === 'single') walk(a.attributes, v, path.attr(a.name), visit);
    else if (Array.isArray(v)) v.forEach((item, i) => walk(a.attributes!, item, a.nesting === 'list' ? path.attr(a.name).index(i) : path.attr(a.name), visit));
  }
}

export function checkWriteOnlyPairs(attrs: readonly TableAttr[], config: JsObject, diags: Diagnostics): void {
  walk(attrs, config, AttributePath.root, (a, obj, at) => {
    const wo = obj[woName(a.name)];
    const version = obj[woVersionName(a.name)];
    if (isSet(wo) && isSet(obj[a.name]))
      diags.addAttributeError(
        at.attr(woName(a.name)),
        `Conflicting attributes: ${a.name} and ${woName(a.name)}`,
        `Set the value once: either ${a.name} (stored in state, shown as sensitive) or ${woName(a.name)} (write-only, never stored). Remove one of them.`,
      );
    if (isSet(wo) && !isSet(version))
      diags.addAttributeError(
        at.attr(woVersionName(a.name)),
        `Missing ${woVersionName(a.name)}`,
        `${woName(a.name)} is write-only: Terraform cannot see when it changes. Set ${woVersionName(a.name)} = 1 with it, and increase the number whenever the value changes so that Terraform sends the new value to Konnect.`,
      );
    if (!isSet(wo) && isSet(version))
      diags.addAttributeWarning(
        at.attr(woVersionName(a.name)),
        `${woVersionName(a.name)} without ${woName(a.name)}`,
        `${woVersionName(a.name)} only matters with ${woName(a.name)}; remove it, or set ${woName(a.name)}.`,
      );
  });
}

/** The body with each configured `_wo` value sent as its secret (body and config walk together). */
export function injectWriteOnly(attrs: readonly TableAttr[], body: Record<string, unknown>, config: unknown): Record<string, unknown> {
  if (!isObj(config)) return body;
  const out: Record<string, unknown> = { ...body };
  for (const a of attrs) {
    const key = a.wire ?? a.name;
    const wo = config[woName(a.name)];
    if (a.secret && typeof wo === 'string') out[key] = wo;
    if (!a.attributes) continue;
    const b = out[key];
    const c = config[a.name];
    if (a.nesting === 'single' && isObj(b)) out[key] = injectWriteOnly(a.attributes, b as Record<string, unknown>, c);
    else if (a.nesting === 'list' && Array.isArray(b) && Array.isArray(c))
      out[key] = b.map((item, i) => (isObj(item) ? injectWriteOnly(a.attributes!, item as Record<string, unknown>, c[i]) : item));
  }
  return out;
}

/**
 * The state's write-only fields, given the prior (plan on create/update, state on read; none on
 * import): `_wo` null, `_wo_version` kept, the secret null while the version is set.
 */
export function stateWriteOnly(attrs: readonly TableAttr[], state: Obj, prior: unknown): JsObject {
  const out: Obj = { ...state };
  const p = isObj(prior) ? prior : undefined;
  for (const a of attrs) {
    if (a.secret && a.type === 'string') {
      const raw = p?.[woVersionName(a.name)];
      const version = raw === undefined || isUnknown(raw) ? null : raw;
      out[woName(a.name)] = null;
      out[woVersionName(a.name)] = version;
      if (version !== null) out[a.name] = null;
    }
    if (!a.attributes) continue;
    const v = out[a.name];
    const pv = p?.[a.name];
    if (a.nesting === 'single' && isObj(v)) out[a.name] = stateWriteOnly(a.attributes, v, pv);
    else if (Array.isArray(v)) out[a.name] = v.map((item, i) => (isObj(item) ? stateWriteOnly(a.attributes!, item, a.nesting === 'list' && Array.isArray(pv) ? pv[i] : undefined) : item));
  }
  return out as JsObject;
}

/**
 * The plan with each secret null where its `_wo_version` is configured and the secret itself is
 * not: the value then never stays in state, even when it was there before (after an import, or
 * for a computed secret such as a credential's key, which would otherwise keep its prior value).
 */
export function planWriteOnly(attrs: readonly TableAttr[], plan: unknown, config: unknown): JsValue {
  if (!isObj(plan) || !isObj(config)) return (plan ?? null) as JsValue;
  const out: Obj = { ...plan };
  for (const a of attrs) {
    if (a.secret && a.type === 'string' && isSet(config[woVersionName(a.name)]) && !isSet(config[a.name])) out[a.name] = null;
    if (!a.attributes) continue;
    const p = out[a.name];
    const c = config[a.name];
    if (a.nesting === 'single') out[a.name] = planWriteOnly(a.attributes, p, c);
    else if (a.nesting === 'list' && Array.isArray(p) && Array.isArray(c)) out[a.name] = p.map((item, i) => planWriteOnly(a.attributes!, item, c[i]));
  }
  return out as JsValue;
}
