// Every generated file the repository tracks, in one list, so that `make check` (and so
// `make test`) fails when any of them is stale instead of a target rewriting it later:
//   docs/index.md, docs/resources/*.md,     registry-style pages (scripts/docs.ts)
//   docs/data-sources/*.md
//   examples/cdktf/provider-schema.json      our `terraform providers schema -json`
//                                            (scripts/provider-schema-json.ts), cdktf's
//                                            no-terraform fallback
//   src/schemas/resource-tables/generated/   resource tables from the official OpenAPI extract
//                                            (scripts/openapi/generate.ts)
//
//   tsx scripts/generated.ts           write them all (make generate)
//   tsx scripts/generated.ts --check   exit 1 listing every stale or missing one
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docsPages } from './docs.js';
import { providerSchemaDocument } from './provider-schema-json.js';
import { generatedTableFiles, TABLES_DIR } from './openapi/generate.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PROVIDER_SCHEMA_JSON = 'examples/cdktf/provider-schema.json';

/** Every generated tracked file: path (relative to the repository) → content, from this checkout's sources. */
export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>(generatedTableFiles());
  for (const [path, content] of docsPages()) files.set(path, content);
  files.set(PROVIDER_SCHEMA_JSON, await providerSchemaDocument());
  return files;
}

/**
 * The generated files under `root` (default: this checkout) that differ from what the sources
 * generate now or are missing, plus pages in docs/resources (docs/data-sources) that no resource (data source) owns.
 */
export async function staleGeneratedFiles(root: string = ROOT): Promise<string[]> {
  const files = await generatedFiles();
  const stale: string[] = [];
  for (const [path, content] of files) {
    const file = join(root, path);
    if (!existsSync(file)) stale.push(`${path} (missing)`);
    else if (readFileSync(file, 'utf8') !== content) stale.push(path);
  }
  for (const [sub, what] of [['resources', 'resource'], ['data-sources', 'data source']] as const) {
    const dir = join(root, 'docs', sub);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.md') && !files.has(`docs/${sub}/${f}`)) stale.push(`docs/${sub}/${f} (no such ${what})`);
  }
  const tablesDir = join(root, TABLES_DIR);
  if (existsSync(tablesDir)) {
    for (const f of readdirSync(tablesDir)) if (f.endsWith('.ts') && !files.has(`${TABLES_DIR}/${f}`)) stale.push(`${TABLES_DIR}/${f} (not generated any more)`);
  }
  return stale;
}

/** Writes every generated file under `root`; returns the paths written. */
export async function writeGeneratedFiles(root: string = ROOT): Promise<string[]> {
  const written: string[] = [];
  for (const [path, content] of await generatedFiles()) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    written.push(path);
  }
  return written;
}

export const STALE_HINT = 'run `make generate` and commit the result';

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const stale = await staleGeneratedFiles();
    if (stale.length > 0) {
      process.stderr.write(`generated files are stale — ${STALE_HINT}:\n${stale.map((s) => `  ${s}`).join('\n')}\n`);
      process.exit(1);
    }
    process.stdout.write('generated files are up to date with the provider schema and examples/\n');
    return;
  }
  for (const path of await writeGeneratedFiles()) process.stdout.write(`wrote ${path}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
