// `make check` (after the type check): generated files must be up to date. Each check prints
// what is stale and how to regenerate it; the exit code is 1 when any is.
import { importViolations } from './check-imports.js';
import { staleDocs } from './docs.js';

let failed = false;

const stale = staleDocs();
if (stale.length > 0) {
  failed = true;
  process.stderr.write(`docs/ is stale — run \`make docs\` and commit the result:\n${stale.map((s) => `  ${s}`).join('\n')}\n`);
} else {
  process.stdout.write('docs/: up to date with the provider schema and examples/\n');
}

const imports = importViolations();
if (imports.length > 0) {
  failed = true;
  process.stderr.write(`imports break the dependency arrows (README "Layout"):\n${imports.map((s) => `  ${s}`).join('\n')}\n`);
} else {
  process.stdout.write('src/: every import follows the dependency arrows\n');
}

process.exit(failed ? 1 : 0);
