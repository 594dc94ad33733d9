// `make install-provider`: installs the provider the way a user's terraform finds it offline —
// an unpacked filesystem mirror for registry.terraform.io/kong/konnect under .build/ — plus a CLI
// config file that uses it. What is unpacked is the release archive `make release` writes
// (scripts/release/build-release.ts: one executable, no Node.js needed), built here if it is
// missing or stale, so what is installed and tested is what users get. The LAST line printed is
// `export TF_CLI_CONFIG_FILE=<absolute path>`, so
//   eval "$(make -s install-provider | tail -1)"
// sets a shell up. PROVIDER_VERSION=3.19.0 publishes under that version (default: package.json's),
// so `version = "~> 3.19"` constraints and existing lock files resolve to it.
// Options: --dir <path> (default .build) to install elsewhere; --node-launcher installs the older
// layout instead (a sh launcher exec'ing this Node on the bundle with a V8 code cache), kept for
// bench/handshake.bench.ts's "before" column and for platforms `make release` cannot build.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LATER_PARTS, partPath } from '../src/bin/provider-loader/parts.js';
import { buildRelease, providerVersion, terraformPlatform, type Release } from './release/build-release.js';
import { readZip } from './release/zip.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dirArg = process.argv.indexOf('--dir');
const buildDir = resolve(dirArg > 0 && process.argv[dirArg + 1] ? process.argv[dirArg + 1]! : join(repo, '.build'));
let version: string;
try {
  version = providerVersion(repo);
} catch (err) {
  process.stderr.write(`install-provider: ${(err as Error).message}\n`);
  process.exit(1);
}
const platform = terraformPlatform();
const mirror = join(buildDir, 'mirror');
const packageDir = join(mirror, 'registry.terraform.io', 'kong', 'konnect', version, platform);
const executable = join(packageDir, `terraform-provider-konnect_v${version}`);

if (process.argv.includes('--node-launcher')) await installNodeLauncher();
else installRelease();

/** Unpacks the release archive (built if needed) into the mirror; an identical package is left alone. */
function installRelease(): void {
  let release: Release;
  try {
    release = buildRelease({ repo, version, outDir: join(repo, '.build', 'release'), log: (l) => console.log(`install-provider: ${l}`) });
  } catch (err) {
    process.stderr.write(`install-provider: ${(err as Error).message}\n(on a platform make release cannot build, use scripts/install-provider.ts --node-launcher)\n`);
    process.exit(1);
  }
  const entries = readZip(readFileSync(release.zip));
  const unchanged =
    existsSync(packageDir) &&
    readdirSync(packageDir).sort().join('\n') === entries.map((e) => e.name).sort().join('\n') &&
    entries.every((e) => readFileSync(join(packageDir, e.name)).equals(e.data));
  if (unchanged) {
    // Rewriting would change the package checksum recorded in users' .terraform.lock.hcl.
    console.log(`install-provider: registry.terraform.io/kong/konnect ${version} (${platform}) already up to date in ${packageDir}`);
    return;
  }
  rmSync(packageDir, { recursive: true, force: true });
  mkdirSync(packageDir, { recursive: true });
  for (const e of entries) {
    writeFileSync(join(packageDir, e.name), e.data);
    chmodSync(join(packageDir, e.name), e.mode);
  }
  console.log(`install-provider: registry.terraform.io/kong/konnect ${version} (${platform}) from ${release.zip} -> ${packageDir}`);
}

/** The older layout: sh launcher + loader + bundle + V8 code cache recorded by one start. */
async function installNodeLauncher(): Promise<void> {
  // dist/: the loader (.mjs) and the provider bundle (.cjs); see scripts/build.mjs.
  const loader = join(repo, 'dist', 'terraform-provider-konnect.mjs');
  const bundle = join(repo, 'dist', 'terraform-provider-konnect.cjs');
  const schemaFile = join(repo, 'dist', 'terraform-provider-konnect.provider-schema.bin');
  const parts = LATER_PARTS.map((part) => partPath(bundle, part));
  for (const file of [loader, bundle, ...parts, schemaFile]) {
    if (!existsSync(file)) {
      process.stderr.write(`install-provider: ${file} is missing; run make build first (make install-provider does).\n`);
      process.exit(1);
    }
  }

  // Not named terraform-provider-*: terraform runs the first file with that prefix it finds.
  const BUNDLE_NAME = 'konnect-provider';
  const installedBundle = join(packageDir, `${BUNDLE_NAME}.cjs`);
  const installedParts = LATER_PARTS.map((part) => partPath(installedBundle, part));
  const installedSchema = join(packageDir, `${BUNDLE_NAME}.provider-schema.bin`);
  const codeCache = join(packageDir, `${BUNDLE_NAME}.v8-cache`);
  // The sh launcher `exec`s node so Terraform's SIGKILL reaches node itself; the node that ran
  // this install is used, falling back to the one on PATH.
  const launcher = [
    '#!/bin/sh',
    '# Terraform provider kong/konnect (TypeScript). Terraform runs this file; it is not meant to be run by hand.',
    `NODE='${process.execPath}'`,
    '[ -x "$NODE" ] || NODE=node',
    `exec "$NODE" "$(dirname "$0")/${BUNDLE_NAME}.mjs" "$@"`,
    '',
  ].join('\n');

  const same = (a: string, b: string) => existsSync(b) && readFileSync(a).equals(readFileSync(b));
  const unchanged =
    same(bundle, installedBundle) &&
    parts.every((p, i) => same(p, installedParts[i]!)) &&
    same(schemaFile, installedSchema) &&
    same(loader, join(packageDir, `${BUNDLE_NAME}.mjs`)) &&
    existsSync(codeCache) &&
    existsSync(executable) &&
    readFileSync(executable, 'utf8') === launcher;

  if (unchanged) {
    // Rewriting would change the package checksum recorded in users' .terraform.lock.hcl.
    console.log(`install-provider: registry.terraform.io/kong/konnect ${version} (${platform}) already up to date in ${packageDir}`);
  } else {
    rmSync(packageDir, { recursive: true, force: true });
    mkdirSync(packageDir, { recursive: true });
    copyFileSync(loader, join(packageDir, `${BUNDLE_NAME}.mjs`));
    copyFileSync(bundle, installedBundle);
    parts.forEach((p, i) => copyFileSync(p, installedParts[i]!));
    copyFileSync(schemaFile, installedSchema);
    writeFileSync(executable, launcher);
    chmodSync(executable, 0o755);
    console.log(`install-provider: registry.terraform.io/kong/konnect ${version} (${platform}) -> ${packageDir}`);
    await writeCodeCache();
  }

  /** Starts the installed provider once, as Terraform would, so its loader records the V8 code caches. */
  async function writeCodeCache(): Promise<void> {
    const t0 = performance.now();
    const r = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'scripts', 'release', 'record-code-cache.ts'), executable, codeCache], { stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    console.log(
      r === 0 && existsSync(codeCache)
        ? `install-provider: V8 code caches written in ${Math.round(performance.now() - t0)} ms (faster provider start)`
        : 'install-provider: no V8 code cache could be written; the provider works, it only starts a little slower',
    );
  }
}

const cliConfig = join(buildDir, 'terraform.rc');
writeFileSync(
  cliConfig,
  `# Written by make install-provider: terraform installs kong/konnect from the local mirror,
# everything else from the registry as usual.
provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["registry.terraform.io/kong/konnect"]
  }
  direct {
    exclude = ["registry.terraform.io/kong/konnect"]
  }
}
disable_checkpoint = true
`,
);
console.log(`install-provider: CLI configuration -> ${cliConfig}`);
console.log(
  'install-provider: a rebuilt provider has a new checksum; in a working directory whose lock file refuses it, run ' +
    `\`terraform providers lock -fs-mirror=${mirror} -platform=${platform} registry.terraform.io/kong/konnect\`, then \`terraform init\``,
);
console.log(`export TF_CLI_CONFIG_FILE=${cliConfig}`);
