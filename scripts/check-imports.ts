// The allowed dependency arrows between src/ folders (README "Layout"), checked on every
// relative import of every non-test source file. Tests and test helpers may also import
// src/testing and the parts they exercise; src/bin and src/testing may import anything.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

const ALLOWED: Record<string, readonly string[]> = {
  common: [],
  cty: ['common'],
  tfplugin: ['cty', 'common'],
  framework: ['tfplugin', 'cty', 'common'],
  schemas: ['common'],
  konnect: ['schemas', 'common'],
  'kong-entities': ['schemas', 'common'],
  provider: ['framework', 'tfplugin', 'konnect', 'schemas', 'cty', 'common'],
  'mock-konnect': ['kong-entities', 'schemas', 'common'],
  gateway: ['konnect', 'kong-entities', 'schemas', 'common'],
  'mock-llm': ['common'],
};
const ANYTHING = new Set(['bin', 'testing']);
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith('.ts')) yield path;
  }
}

const isTestCode = (file: string) => /\.test\.ts$|\.test-helper\.ts$|[/\\]test[/\\]/.test(file);

export function importViolations(root = 'src'): string[] {
  const problems: string[] = [];
  for (const file of sourceFiles(root)) {
    const part = relative(root, file).split(sep)[0]!;
    if (ANYTHING.has(part)) continue;
    const allowed = ALLOWED[part];
    if (allowed === undefined) {
      problems.push(`${file}: folder src/${part} has no dependency rule in scripts/check-imports.ts — add one`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const target = normalize(join(dirname(file), m[1] ?? m[2]!));
      const rel = relative(root, target);
      if (rel.startsWith('..')) continue; // outside src/ (e.g. package.json)
      const to = rel.split(sep)[0]!;
      if (to === part) continue;
      if (isTestCode(file) && (to === 'testing' || to in ALLOWED)) continue;
      if (!allowed.includes(to)) problems.push(`${file}: imports src/${to} (${m[1] ?? m[2]}); src/${part} may import only ${allowed.length ? allowed.map((a) => `src/${a}`).join(', ') : 'nothing else in src/'}`);
    }
  }
  return problems;
}
