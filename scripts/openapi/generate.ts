// The resource-table generator: reads the committed OpenAPI extract (./konnect-openapi.extract.json,
// see ./README.md) and writes one table per resource of ./resources.ts into
// src/schemas/resource-tables/generated/, plus their index. scripts/generated.ts registers the
// output, so `make generate` writes it and `make check` fails when it is stale.
import type { ResourceOperation, ResourceTable, TableAttr } from '../../src/schemas/resource-tables/table.js';
import { readExtract, type Extract, type ExtractOperation, type OpenApiSchema } from './extract-file.js';
import { EXTRA_SECRETS, GENERATED_ENTITIES } from './resources.js';
import { attributeOf, attributesOf, describe } from './speakeasy-rules.js';

export const TABLES_DIR = 'src/schemas/resource-tables/generated';

type S = OpenApiSchema & { properties?: Record<string, S>; required?: string[]; description?: string; type?: string };

/** `GatewayPluginAiProxyAdvanced` → `gateway_plugin_ai_proxy_advanced`; `GatewayPluginACL` → `gateway_plugin_acl`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

interface Param {
  readonly openapi: string;
  readonly attribute: string;
  readonly description?: string;
  readonly example: string;
  readonly match: boolean;
  readonly forceNew: boolean;
}

function paramOf(extract: Extract, name: string): Param {
  const p = extract.parameters[name] as Record<string, unknown> & { schema?: Record<string, unknown> };
  if (!p) throw new Error(`parameter ${name} is not in the extract`);
  const match = typeof p['x-speakeasy-match'] === 'string' ? String(p['x-speakeasy-match']) : undefined;
  const override = typeof p['x-speakeasy-name-override'] === 'string' ? String(p['x-speakeasy-name-override']) : undefined;
  return {
    openapi: name,
    attribute: match ?? override ?? snakeCase(String(p.name)),
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    example: String(p.example ?? p.schema?.example ?? ''),
    match: match !== undefined,
    forceNew: p['x-speakeasy-param-force-new'] === true,
  };
}

const METHODS = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE' } as const;

function operation(extract: Extract, op: ExtractOperation): ResourceOperation {
  const path = op.path.replace(/#.*$/, '').replace(/\{([^}]+)\}/g, (_m, n: string) => `{${paramOf(extract, n).attribute}}`);
  return { method: METHODS[op.method as keyof typeof METHODS], path, status: op.status ?? 200 };
}

const pathParams = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

/** The Speakeasy shallow allOf merge of PluginBase and `<Name>PluginConfig`. */
function pluginSchema(extract: Extract, configName: string): S {
  const base = extract.schemas.PluginBase as S;
  const own = extract.schemas[configName] as S;
  return {
    type: 'object',
    properties: { ...base.properties, ...own.properties },
    required: [...new Set([...(base.required ?? []), ...(own.required ?? [])])],
  };
}

export function tableFor(extract: Extract, entity: string): ResourceTable {
  const ops = extract.operations.filter((o) => o.resource.startsWith(`${entity}#`));
  const find = (verb: string) => ops.find((o) => o.resource === `${entity}#${verb}`);
  const create = find('create');
  const read = find('read');
  const update = find('update');
  const del = find('delete');
  if (!create || !read || !del) throw new Error(`${entity}: create, read and delete operations are needed`);
  const isPlugin = entity.startsWith('GatewayPlugin');
  const configName = `${entity.replace(/^GatewayPlugin/, '')}PluginConfig`;
  const configSchema = isPlugin ? Object.entries(extract.schemas).find(([, s]) => s['x-speakeasy-entity'] === entity)?.[0] : undefined;
  const body: S = isPlugin ? pluginSchema(extract, configSchema ?? configName) : (extract.schemas[read.body ?? 'KeyAuth'] as S) ?? (extract.schemas.KeyAuth as S);
  const ctx = { noUpdate: !update, extraSecrets: new Set(EXTRA_SECRETS[entity] ?? []) };
  const attrs: TableAttr[] = attributesOf(body, '', false, ctx);
  // Path parameters (other than the matched id) are attributes too: Required, force-new.
  const params = pathParams(create.path).map((n) => paramOf(extract, n)).filter((p) => !p.match);
  for (const p of params) {
    attrs.push({
      path: p.attribute,
      name: p.attribute,
      type: 'string',
      default: undefined,
      sensitive: false,
      description: describe(p.description, [], p.forceNew || !update),
      terraform: { required: true, optional: false, computed: false },
      forceNew: true,
    });
  }
  attrs.sort((a, b) => (a.name < b.name ? -1 : 1));
  const constName = isPlugin ? ((extract.schemas[configSchema ?? configName] as S).properties?.name as { const?: string } | undefined)?.const : undefined;
  const importExample = Object.fromEntries(
    pathParams(read.path)
      .map((n) => paramOf(extract, n))
      .sort((a, b) => (a.attribute < b.attribute ? -1 : 1))
      .map((p) => [p.attribute, p.example]),
  );
  return {
    typeName: `konnect_${snakeCase(entity)}`,
    description: `${entity} Resource`,
    ...(constName ? { pluginName: constName } : {}),
    pathAttributes: params.map((p) => p.attribute).sort(),
    importExample,
    operations: {
      create: operation(extract, create),
      read: operation(extract, read),
      ...(update ? { update: operation(extract, update) } : {}),
      delete: operation(extract, del),
    },
    attributes: attrs,
  };
}

void attributeOf;

/** The table as compact JSON, one top-level attribute per line (small, and diffs stay readable). */
function tableSource(t: ResourceTable): string {
  const { attributes, ...head } = t;
  const headJson = JSON.stringify(head);
  return `${headJson.slice(0, -1)},\n "attributes": [\n${attributes.map((a) => `  ${JSON.stringify(a)}`).join(',\n')}\n ]\n}`;
}

const HEADER = '// Generated by scripts/openapi/generate.ts from scripts/openapi/konnect-openapi.extract.json (the official\n// provider v3.19.0 OpenAPI). Do not edit: change the generator or scripts/openapi/resources.ts and run `make generate`.\n';

/** Every generated file: repository path → content. */
export function generatedTableFiles(extract: Extract = readExtract()): Map<string, string> {
  const files = new Map<string, string>();
  const names: { file: string; ident: string; typeName: string }[] = [];
  for (const entity of GENERATED_ENTITIES) {
    const t = tableFor(extract, entity);
    const file = t.typeName.replace(/^konnect_/, '').replace(/_/g, '-');
    const ident = t.typeName.replace(/^konnect_/, '').replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    names.push({ file, ident, typeName: t.typeName });
    // The literal sits inside a function: a provider process evaluates only the tables it uses.
    files.set(
      `${TABLES_DIR}/${file}.ts`,
      `${HEADER}import { lazyTable } from '../table.js';\n\n/** The ${t.typeName} table, built on first call (lazyTable). */\nexport const ${ident} = lazyTable(() => (${tableSource(t)}));\n`,
    );
  }
  files.set(
    `${TABLES_DIR}/index.ts`,
    `${HEADER}import type { ResourceTable } from '../table.js';\n${names.map((n) => `import { ${n.ident} } from './${n.file}.js';`).join('\n')}\n\n` +
      `/** Every generated resource table (GENERATED_ENTITIES), by Terraform type name, each built on its first call. */\n` +
      `export const GENERATED_TABLES: ReadonlyMap<string, () => ResourceTable> = new Map([\n${names.map((n) => `  ['${n.typeName}', ${n.ident}],`).join('\n')}\n]);\n`,
  );
  return files;
}
