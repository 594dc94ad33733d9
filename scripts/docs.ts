// Registry-style docs generated from the provider's schema (src/framework renderPage):
// docs/index.md from the provider block and examples/provider/provider.tf, and
// docs/resources/<name>.md per resource (name without the "konnect_" prefix, as the registry
// lays them out) with examples/resources/<type>/resource.tf and import.sh quoted in.
//
//   tsx scripts/docs.ts           write docs/
//   tsx scripts/docs.ts --check   exit 1 listing every stale or missing page (make check)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderPage } from '../src/framework/index.js';
import { KonnectProvider } from '../src/provider/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = join(ROOT, 'docs');

const readIf = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

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
    const importSh = readIf(join(dir, 'import.sh'));
    pages.set(
      `docs/resources/${type.replace(/^konnect_/, '')}.md`,
      renderPage({ name: type, kind: 'resource', schema: entry.schema, ...(exampleHcl ? { exampleHcl } : {}), ...(importSh ? { importSh } : {}) }),
    );
  }
  return pages;
}

/** Files that differ from what the schema generates now, plus generated-looking files no resource owns. */
export function staleDocs(): string[] {
  const pages = docsPages();
  const stale: string[] = [];
  for (const [path, content] of pages) if (readIf(join(ROOT, path)) !== content) stale.push(path);
  const resDir = join(DOCS, 'resources');
  if (existsSync(resDir)) {
    for (const f of readdirSync(resDir)) {
      const path = relative(ROOT, join(resDir, f));
      if (f.endsWith('.md') && !pages.has(path)) stale.push(`${path} (no such resource)`);
    }
  }
  return stale;
}

function main(): void {
  if (process.argv.includes('--check')) {
    const stale = staleDocs();
    if (stale.length > 0) {
      process.stderr.write(`docs/ is stale — run \`make docs\` and commit the result:\n${stale.map((s) => `  ${s}`).join('\n')}\n`);
      process.exit(1);
    }
    process.stdout.write('docs/ is up to date with the provider schema and examples/\n');
    return;
  }
  for (const [path, content] of docsPages()) {
    mkdirSync(dirname(join(ROOT, path)), { recursive: true });
    writeFileSync(join(ROOT, path), content);
    process.stdout.write(`wrote ${path}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
