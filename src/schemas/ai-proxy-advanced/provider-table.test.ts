// The schema here (what decK, the Admin API, KIC, the mock Konnect and the gateway validate
// with) against the provider's generated konnect_gateway_plugin_ai_proxy_advanced table (what
// Terraform plans and sends), attribute by attribute: the same names, types, defaults, enums,
// bounds, required members and secrets — so what the provider sends is accepted and what comes
// back filled matches its plan. Descriptions are the provider's business and not compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeView } from '../kong-schema/index.js';
import { GENERATED_TABLES, type TableAttr } from '../resource-tables/index.js';
import { aiProxyAdvancedConfigView } from './index.js';

const table = GENERATED_TABLES.get('konnect_gateway_plugin_ai_proxy_advanced')!();
const configAttr = table.attributes.find((a) => a.name === 'config')!;

const sorted = (v: readonly unknown[] | undefined) => (v ? [...v].map(String).sort() : undefined);

function typeOf(a: TableAttr): string {
  if (a.digitsAsNumber) return 'integer'; // redis `port`: a string in Terraform, a number on the wire
  return a.type;
}

function diff(ours: readonly AttributeView[], theirs: readonly TableAttr[], out: string[] = []): string[] {
  const mine = new Map(ours.map((v) => [v.name, v]));
  for (const t of theirs) if (!mine.has(t.name)) out.push(`missing here: ${t.path}`);
  for (const v of ours) {
    const t = theirs.find((a) => a.name === v.name);
    if (!t) {
      out.push(`not in the provider's table: ${v.path}`);
      continue;
    }
    if (v.type !== typeOf(t)) out.push(`${v.path}: type ${v.type} here, ${typeOf(t)} in the table`);
    const theirDefault = t.digitsAsNumber && typeof t.default === 'string' ? Number(t.default) : t.default;
    if (v.type !== 'record' && JSON.stringify(v.default ?? null) !== JSON.stringify(theirDefault ?? null))
      out.push(`${v.path}: default ${JSON.stringify(v.default)} here, ${JSON.stringify(theirDefault)} in the table`);
    const enumHere = sorted(v.enum ?? v.element?.enum);
    const enumThere = sorted(t.enum ?? t.element?.enum);
    if (JSON.stringify(enumHere) !== JSON.stringify(enumThere)) out.push(`${v.path}: enum ${enumHere} here, ${enumThere} in the table`);
    if (JSON.stringify(v.between) !== JSON.stringify(t.between)) out.push(`${v.path}: between ${v.between} here, ${t.between} in the table`);
    if ((v.type === 'array' || v.type === 'set') && v.lenMin !== t.lenMin) out.push(`${v.path}: lenMin ${v.lenMin} here, ${t.lenMin} in the table`);
    const requiredHere = v.required && v.default === undefined && v.terraform.required !== false ? true : v.terraform.required;
    const requiredThere = t.terraform.required || !!t.notNull;
    if (requiredHere !== requiredThere) out.push(`${v.path}: required ${requiredHere} here, ${requiredThere} in the table`);
    if ((v.sensitive || v.encrypted) !== !!t.secret) out.push(`${v.path}: secret ${v.sensitive || v.encrypted} here, ${!!t.secret} in the table`);
    if (v.attributes || t.attributes) diff(v.attributes ?? [], t.attributes ?? [], out);
  }
  return out;
}

test("the config table agrees with the provider's generated ai_proxy_advanced table (names, types, defaults, enums, bounds, required, secrets)", () => {
  assert.deepEqual(diff(aiProxyAdvancedConfigView, configAttr.attributes!), []);
});
