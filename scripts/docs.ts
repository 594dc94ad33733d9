// Registry-style docs generated from the provider's schema (src/framework renderPage):
// docs/index.md from the provider block and examples/provider/provider.tf, and
// docs/resources/<name>.md per resource (name without the "konnect_" prefix, as the registry
// lays them out) with examples/resources/<type>/resource.tf and import.sh quoted in.
// scripts/generated.ts writes and checks these pages with every other generated file
// (`make generate` writes, `make check` fails on a stale one).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderPage } from '../src/framework/index.js';
import { KonnectProvider } from '../src/provider/index.js';
import { generatedTable } from '../src/schemas/resource-tables/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const readIf = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

/** A generated resource without examples/resources/<type>/import.sh: the command with its table's official example id. */
function tableImportSh(type: string): string | undefined {
  const table = generatedTable(type);
  if (!table) return undefined;
  const keys = Object.keys(table.importExample);
  const id = `{${keys.map((k) => `${JSON.stringify(k)}: ${JSON.stringify(table.importExample[k])}`).join(', ')}}`;
  const name = `my_${type.replace(/^konnect_gateway_(plugin_)?/, '')}`;
  return `# The import id is a JSON object: ${keys.map((k) => `\`${k}\``).join(', ')}.\nterraform import ${type}.${name} '${id}'\n`;
}

/** Every page: path (relative to the repository) → content. */
export function docsPages(): Map<string, string> {
  const state = new KonnectProvider({ env: {} }).state;
  const pages = new Map<string, string>();
  const providerExample = readIf(join(ROOT, 'examples', 'provider', 'provider.tf'));
  pages.set(
    'docs/index.md',
    renderPage({ name: 'konnect', kind: 'provider', schema: state.providerSchema, ...(providerExample ? { exampleHcl: providerExample } : {}) }),
  );
  for (const [type, entry] of [...state.resources].sort(([a], [b]) => a.localeCompare(b))) {
    const dir = join(ROOT, 'examples', 'resources', type);
    const exampleHcl = readIf(join(dir, 'resource.tf'));
    const importSh = readIf(join(dir, 'import.sh')) ?? tableImportSh(type);
    pages.set(
      `docs/resources/${type.replace(/^konnect_/, '')}.md`,
      renderPage({ name: type, kind: 'resource', schema: entry.schema, ...(exampleHcl ? { exampleHcl } : {}), ...(importSh ? { importSh } : {}) }),
    );
  }
  for (const [type, entry] of [...state.dataSources].sort(([a], [b]) => a.localeCompare(b))) {
    const exampleHcl = readIf(join(ROOT, 'examples', 'data-sources', type, 'data-source.tf'));
    pages.set(`docs/data-sources/${type.replace(/^konnect_/, '')}.md`, renderPage({ name: type, kind: 'data-source', schema: entry.schema, ...(exampleHcl ? { exampleHcl } : {}) }));
  }
  return pages;
}
