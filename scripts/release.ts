// `make release`: writes the provider's release files into .build/release/ (or --dir <path>),
// at package.json's version or PROVIDER_VERSION. See scripts/release/build-release.ts.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRelease, providerVersion } from './release/build-release.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dirArg = process.argv.indexOf('--dir');
const outDir = resolve(dirArg > 0 && process.argv[dirArg + 1] ? process.argv[dirArg + 1]! : join(repo, '.build', 'release'));
try {
  const r = buildRelease({ repo, version: providerVersion(repo), outDir, log: (l) => console.log(l) });
  for (const f of [r.zip, r.manifest, r.sums]) console.log(f);
} catch (err) {
  process.stderr.write(`release: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
