// API object ↔ Terraform state, one mapping for every table-driven resource (core entities,
// plugins, credentials). Bodies carry every attribute but the Terraform-only ones (the path's
// `control_plane_id`, write-only twins) and server-managed values not yet known (nulls included,
// as the official provider sends them). States take every attribute from the API answer,
// recursively, with the rules that keep plans empty when Konnect fills things in:
//  - a key the API leaves out reads as the table default (as the official SDK fills it);
//  - an empty list/map where the prior value was null stays null (no `[]` vs unset diff);
//  - a nested object the configuration left out (prior null) that Konnect answers filled with
//    nothing but its defaults stays null;
//  - `keepWhenNull` attributes keep their prior value when the API answers null;
//  - a string attribute sent as a number (redis `port`) reads back as the string.
// `prior` undefined means there is none (import): everything comes from the API.
import { isUnknown } from '../../cty/index.js';
import type { JsObject, JsValue } from '../../framework/index.js';

/** What the mapping reads of an attribute table entry (core-entity views and generated tables both fit). */
export interface MappedAttribute {
  readonly name: string;
  readonly type: string;
  readonly default?: unknown;
  readonly terraform: { readonly computed: boolean; readonly required?: boolean };
  readonly attributes?: readonly MappedAttribute[];
  readonly nesting?: 'single' | 'list' | 'set';
  /** The JSON key when it differs from the attribute name. */
  readonly wire?: string;
  readonly digitsAsNumber?: boolean;
  /** Left out of bodies when null (Speakeasy omitempty). */
  readonly omitEmpty?: boolean;
}

type Obj = Record<string, JsValue | undefined>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v);
const isEmptyCollection = (v: unknown) => (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface StateOptions {
  /** Top-level attributes whose prior value is kept when the API answers null (route `headers`). */
  readonly keepWhenNull?: readonly string[];
}

/** True when a nested object holds nothing but its defaults (what Kong stores for an omitted record). */
function onlyDefaults(attrs: readonly MappedAttribute[], value: unknown): boolean {
  if (!isObj(value)) return value === null || value === undefined;
  for (const a of attrs) {
    const v = value[a.wire ?? a.name];
    if (a.attributes && a.nesting === 'single') {
      if (!onlyDefaults(a.attributes, v)) return false;
    } else if (v !== null && v !== undefined && !same(v, a.default ?? null) && !(isEmptyCollection(v) && a.default === undefined)) {
      return false;
    }
  }
  return true;
}

function valueFromApi(a: MappedAttribute, api: unknown, prior: JsValue | undefined): JsValue {
  let v = api as JsValue | undefined;
  if (v === undefined) v = a.default === undefined || a.attributes ? null : (a.default as JsValue);
  if (a.digitsAsNumber && typeof v === 'number') v = String(v);
  if (a.attributes && a.nesting === 'single') {
    if (!isObj(v)) return null;
    if (prior === null && !a.terraform.required && onlyDefaults(a.attributes, v)) return null;
    return objectFromApi(a.attributes, v, prior === undefined ? undefined : isObj(prior) ? (prior as Obj) : null);
  }
  if (a.attributes && Array.isArray(v)) {
    if (v.length === 0 && prior === null) return null;
    const priorItems = Array.isArray(prior) ? (prior as JsValue[]) : [];
    return v.map((item, i) => (isObj(item) ? objectFromApi(a.attributes!, item, prior === undefined ? undefined : ((priorItems[i] as Obj | undefined) ?? null)) : null));
  }
  if (v !== null && prior === null && isEmptyCollection(v)) return null;
  return v;
}

/** The state values of `attrs` from an API object. */
export function objectFromApi(attrs: readonly MappedAttribute[], api: Readonly<Record<string, unknown>>, prior: Obj | null | undefined, opts: StateOptions = {}): JsObject {
  const out: Record<string, JsValue> = {};
  for (const a of attrs) {
    const raw = prior === undefined ? undefined : prior === null ? null : (prior[a.name] ?? null);
    // An unknown prior (a planned computed value) says nothing: as if there were none.
    const before = raw !== undefined && isUnknown(raw) ? undefined : raw;
    let v = valueFromApi(a, api[a.wire ?? a.name], before);
    if (v === null && opts.keepWhenNull?.includes(a.name) && before !== undefined) v = before;
    out[a.name] = v;
  }
  return out;
}

/** A core entity's state: the table's attributes from the API object, plus `control_plane_id`. */
export function apiToState(
  table: readonly MappedAttribute[],
  api: Readonly<Record<string, unknown>>,
  controlPlaneId: string,
  prior: JsObject | null,
  keepWhenNull: readonly string[],
): JsObject {
  return { control_plane_id: controlPlaneId, ...objectFromApi(table, api, prior ?? undefined, { keepWhenNull }) };
}

/** A core entity's body from a state or plan: no control_plane_id, no timestamps, no null id. */
export function stateToBody(state: JsObject): Record<string, unknown> {
  const { control_plane_id: _cp, created_at: _c, updated_at: _u, ...rest } = state;
  const body: Record<string, unknown> = { ...rest };
  if (body.id === null || body.id === undefined) delete body.id;
  return body;
}

/**
 * The body for `attrs` from (unknown-free) values: every table attribute under its wire name,
 * nulls included; attributes that are not in the table (write-only twins) left out; redis-style
 * ports sent as numbers when all digits; nulls of omitempty attributes (and of `omitWhenNull`
 * top-level ones) left out.
 */
export function bodyFromValues(attrs: readonly MappedAttribute[], values: Obj, omitWhenNull: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of attrs) {
    let v: unknown = values[a.name];
    if (v === undefined || (v === null && (a.omitEmpty || omitWhenNull.has(a.name)))) continue;
    if (a.attributes && a.nesting === 'single' && isObj(v)) v = bodyFromValues(a.attributes, v);
    else if (a.attributes && Array.isArray(v)) v = v.map((item) => (isObj(item) ? bodyFromValues(a.attributes!, item) : item));
    else if (a.digitsAsNumber && typeof v === 'string' && /^\d+$/.test(v)) v = Number(v);
    out[a.wire ?? a.name] = v;
  }
  return out;
}
