// API object ↔ Terraform state for core entities. Bodies carry every attribute but the
// Terraform-only `control_plane_id` and the server-managed timestamps (nulls included, as the
// official provider sends them). States take every attribute from the API answer, with three
// rules that keep plans empty when Konnect fills things in:
//  - a key the API leaves out reads as the table default (as the official SDK fills it);
//  - an empty list/map where the prior value was null stays null (no `[]` vs unset diff);
//  - `keepWhenNull` attributes keep their prior value when the API answers null.
import type { JsObject, JsValue, TableAttribute } from '../../framework/index.js';

export function stateToBody(state: JsObject): Record<string, unknown> {
  const { control_plane_id: _cp, created_at: _c, updated_at: _u, ...rest } = state;
  const body: Record<string, unknown> = { ...rest };
  if (body.id === null || body.id === undefined) delete body.id;
  return body;
}

const isEmptyCollection = (v: unknown) =>
  (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

export function apiToState(
  table: readonly TableAttribute[],
  api: Readonly<Record<string, unknown>>,
  controlPlaneId: string,
  prior: JsObject | null,
  keepWhenNull: readonly string[],
): JsObject {
  const out: Record<string, JsValue> = { control_plane_id: controlPlaneId };
  for (const a of table) {
    let v = api[a.name] as JsValue | undefined;
    const before = prior?.[a.name] ?? null;
    if (v === undefined) v = a.default === undefined ? null : (a.default as JsValue);
    if (v !== null && isEmptyCollection(v) && before === null && !a.terraform.computed) v = null;
    if (v === null && keepWhenNull.includes(a.name)) v = before;
    out[a.name] = v;
  }
  return out;
}
