// Our provider's `terraform providers schema -json`, rendered in-process exactly as Terraform
// renders it (terraform/internal/command/jsonprovider: struct field order, map keys sorted,
// description_kind always present, flags only when true), pretty-printed with two spaces. It is
// the tracked examples/cdktf/provider-schema.json (cdktf's no-terraform fallback), so `make check`
// can tell when that file is stale without running terraform; `make cdktf` compares it with
// terraform's own output.
import { typeToJson } from '../src/cty/index.js';
import { KonnectProvider } from '../src/provider/index.js';
import type { Attribute, Block, Schema } from '../src/tfplugin/index.js';

export const PROVIDER_SOURCE = 'registry.terraform.io/kong/konnect';

type Json = { [k: string]: unknown };

/** Go's encoding/json writes map keys sorted bytewise. */
function sorted<T>(entries: Iterable<[string, T]>): [string, T][] {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function attribute(a: Attribute): Json {
  const out: Json = {};
  if (a.type !== undefined) out.type = JSON.parse(typeToJson(a.type).toString('utf8'));
  if (a.nestedType !== undefined) {
    out.nested_type = {
      attributes: Object.fromEntries(sorted(a.nestedType.attributes.map((n) => [n.name, attribute(n)]))),
      nesting_mode: a.nestedType.nesting.toLowerCase(),
    };
  }
  if (a.description) out.description = a.description;
  out.description_kind = a.descriptionKind ?? 'plain';
  for (const [key, on] of [
    ['deprecated', a.deprecated],
    ['required', a.required],
    ['optional', a.optional],
    ['computed', a.computed],
    ['sensitive', a.sensitive],
    ['write_only', a.writeOnly],
  ] as const) {
    if (on) out[key] = true;
  }
  return out;
}

function block(b: Block): Json {
  const out: Json = {};
  if (b.attributes?.length) out.attributes = Object.fromEntries(sorted(b.attributes.map((a) => [a.name, attribute(a)])));
  if (b.blockTypes?.length) throw new TypeError('nested blocks are not rendered: the provider uses nested attributes only');
  if (b.description) out.description = b.description;
  out.description_kind = b.descriptionKind ?? 'plain';
  if (b.deprecated) out.deprecated = true;
  return out;
}

const schema = (s: Schema): Json => ({ version: s.version, block: block(s.block) });

/** The pretty-printed document, ending with a newline (as the tracked file is written). */
export async function providerSchemaDocument(): Promise<string> {
  const res = await new KonnectProvider({ env: {} }).getProviderSchema();
  const doc = {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_SOURCE]: {
        provider: schema(res.provider!),
        resource_schemas: Object.fromEntries(sorted(Object.entries(res.resourceSchemas ?? {}).map(([n, s]) => [n, schema(s)]))),
        // Terraform leaves the key out when there are none (omitempty).
        ...(Object.keys(res.dataSourceSchemas ?? {}).length > 0
          ? { data_source_schemas: Object.fromEntries(sorted(Object.entries(res.dataSourceSchemas!).map(([n, s]) => [n, schema(s)]))) }
          : {}),
      },
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
