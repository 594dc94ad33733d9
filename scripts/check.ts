// `make check` (after the type check): every generated tracked file must be up to date. Each check prints
// what is stale and how to regenerate it; the exit code is 1 when any is.
import { importViolations } from './check-imports.js';
import { STALE_HINT, staleGeneratedFiles } from './generated.js';

let failed = false;

// Every generated tracked file (scripts/generated.ts): docs/ and examples/cdktf/provider-schema.json.
const stale = await staleGeneratedFiles();
if (stale.length > 0) {
  failed = true;
  process.stderr.write(`generated files are stale — ${STALE_HINT}:\n${stale.map((s) => `  ${s}`).join('\n')}\n`);
} else {
  process.stdout.write('generated files (docs/, examples/cdktf/provider-schema.json): up to date with the provider schema and examples/\n');
}

const imports = importViolations();
if (imports.length > 0) {
  failed = true;
  process.stderr.write(`imports break the dependency arrows (README "Layout"):\n${imports.map((s) => `  ${s}`).join('\n')}\n`);
} else {
  process.stdout.write('src/: every import follows the dependency arrows\n');
}

process.exit(failed ? 1 : 0);
