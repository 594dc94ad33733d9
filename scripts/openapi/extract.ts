// Writes scripts/openapi/konnect-openapi.extract.json: the part of the official provider's
// OpenAPI (Kong/terraform-provider-konnect v3.19.0 `openapi.yaml`, kept whole in the shared
// reference folder) that the resource-table generator reads — every `<Name>PluginConfig` schema
// (111), `PluginBase`, the key-auth credential schemas, the path parameters of those operations,
// and the `x-speakeasy-entity-operation` bindings of their paths. `example` values of schemas are
// dropped (parameter examples are kept: they are the official import-id examples).
// Run by hand when the reference spec changes (CI has no shared folder):
//   tsx scripts/openapi/extract.ts [path/to/terraform-provider-konnect.openapi.yaml]
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { EXTRACT_PATH } from './extract-file.js';

const DEFAULT_SPEC = '/work/shared/reference/konnect/terraform-provider-konnect.openapi.yaml';

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy without schema `example`/`examples` keys. */
function withoutExamples(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutExamples);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'example' && k !== 'examples').map(([k, x]) => [k, withoutExamples(x)]));
}

/** One top-level entry (schema, operation, parameter) per line: small diffs when the spec changes. */
function lineJson(out: Record<string, unknown>): string {
  const section = (v: unknown): string =>
    Array.isArray(v)
      ? `[\n${v.map((x) => `  ${JSON.stringify(x)}`).join(',\n')}\n ]`
      : isObj(v)
        ? `{\n${Object.entries(v).map(([k, x]) => `  ${JSON.stringify(k)}: ${JSON.stringify(x)}`).join(',\n')}\n }`
        : JSON.stringify(v);
  return `{\n${Object.entries(out).map(([k, v]) => ` ${JSON.stringify(k)}: ${section(v)}`).join(',\n')}\n}\n`;
}

function main(): void {
  const specPath = process.argv[2] ?? DEFAULT_SPEC;
  const doc = parse(readFileSync(specPath, 'utf8')) as J;
  const components = doc.components as J;
  const schemas = components.schemas as Record<string, J>;
  const picked: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(schemas)) {
    const entity = String(s['x-speakeasy-entity'] ?? '');
    if ((name.endsWith('PluginConfig') && entity.startsWith('GatewayPlugin')) || ['PluginBase', 'KeyAuth', 'KeyAuthWithoutParents'].includes(name))
      picked[name] = withoutExamples(s);
  }
  const paramNames = new Set<string>();
  const operations: J[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, J>)) {
    const plugin = /^\/v2\/control-planes\/\{controlPlaneId\}\/core-entities\/plugins(\/\{PluginId\})?#/.test(path);
    const keyAuth = /\/consumers\/\{ConsumerIdForNestedEntities\}\/key-auth/.test(path);
    if (!plugin && !keyAuth) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || !isObj(op)) continue;
      const binding = op['x-speakeasy-entity-operation'];
      const resource = isObj(binding) ? binding['terraform-resource'] : binding;
      if (typeof resource !== 'string') continue;
      const body = (((op.requestBody as J | undefined)?.content as J | undefined)?.['application/json'] as J | undefined)?.schema as J | undefined;
      const ok = Object.entries((op.responses as J) ?? {}).find(([code]) => /^2/.test(code));
      operations.push({
        path,
        method,
        resource,
        ...(body?.$ref ? { body: String(body.$ref).split('/').pop() } : {}),
        ...(ok ? { status: Number(ok[0]) } : {}),
      });
      for (const p of [...((item.parameters as J[]) ?? []), ...((op.parameters as J[]) ?? [])]) if (p.$ref) paramNames.add(String(p.$ref).split('/').pop()!);
    }
  }
  const parameters = Object.fromEntries([...paramNames].sort().map((n) => [n, (components.parameters as J)[n]]));
  const out = {
    source: {
      repository: 'Kong/terraform-provider-konnect',
      path: 'openapi.yaml',
      commit: 'b65c9ae36053896be117dc84981724f07cc44308 (tag v3.19.0)',
      licence: 'Apache 2.0 (the spec\'s own info.license; the repository has no LICENSE file at this commit)',
      extractedBy: 'scripts/openapi/extract.ts',
    },
    parameters,
    operations: operations.sort((a, b) => String(a.resource).localeCompare(String(b.resource))),
    schemas: Object.fromEntries(Object.entries(picked).sort(([a], [b]) => a.localeCompare(b))),
  };
  writeFileSync(EXTRACT_PATH, lineJson(out));
  process.stdout.write(`wrote ${EXTRACT_PATH}: ${Object.keys(picked).length} schemas, ${operations.length} operations\n`);
}

main();
