// `make install-provider`: installs the built provider the way a user's terraform finds it
// offline — an unpacked filesystem mirror for registry.terraform.io/kong/konnect at the
// package.json version, under .build/ — plus a CLI config file that uses it. The LAST line
// printed is `export TF_CLI_CONFIG_FILE=<absolute path>`, so
//   eval "$(make -s install-provider | tail -1)"
// sets a shell up. Options: --dir <path> (default .build) to install elsewhere.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSelfSignedCertificate } from '../src/tfplugin/index.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dirArg = process.argv.indexOf('--dir');
const buildDir = resolve(dirArg > 0 && process.argv[dirArg + 1] ? process.argv[dirArg + 1]! : join(repo, '.build'));
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' } as Record<string, string>)[process.arch] ?? process.arch;
const platform = `${process.platform}_${arch}`;
// dist/: the loader (.mjs) and the provider bundle (.cjs); see scripts/build.mjs.
const loader = join(repo, 'dist', 'terraform-provider-konnect.mjs');
const bundle = join(repo, 'dist', 'terraform-provider-konnect.cjs');
for (const file of [loader, bundle]) {
  if (!existsSync(file)) {
    process.stderr.write(`install-provider: ${file} is missing; run make build first (make install-provider does).\n`);
    process.exit(1);
  }
}

// Not named terraform-provider-*: terraform runs the first file with that prefix it finds.
const BUNDLE_NAME = 'konnect-provider';
const mirror = join(buildDir, 'mirror');
const packageDir = join(mirror, 'registry.terraform.io', 'kong', 'konnect', version, platform);
const executable = join(packageDir, `terraform-provider-konnect_v${version}`);
const installedBundle = join(packageDir, `${BUNDLE_NAME}.cjs`);
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
  writeFileSync(executable, launcher);
  chmodSync(executable, 0o755);
  console.log(`install-provider: registry.terraform.io/kong/konnect ${version} (${platform}) -> ${packageDir}`);
  await writeCodeCache();
}

/** Starts the installed provider once, as Terraform would, so its loader records a V8 code cache. */
async function writeCodeCache(): Promise<void> {
  const t0 = performance.now();
  const child = spawn(executable, [], {
    stdio: ['ignore', 'ignore', 'ignore'],
    env: {
      ...process.env,
      TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2',
      PLUGIN_PROTOCOL_VERSIONS: '6',
      // A Terraform-like client certificate, so the AutoMTLS start-up path is in the cache too.
      PLUGIN_CLIENT_CERT: createSelfSignedCertificate({ curve: 'P-521' }).certPem,
      TF_DISABLE_PLUGIN_TLS: '',
      TF_LOG: '',
      TF_LOG_PROVIDER: '',
      KONNECT_PROVIDER_WRITE_CODE_CACHE: codeCache,
    },
  });
  const deadline = Date.now() + 15_000;
  while (!existsSync(codeCache) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (child.exitCode === null) child.kill('SIGKILL');
  console.log(
    existsSync(codeCache)
      ? `install-provider: V8 code cache written in ${Math.round(performance.now() - t0)} ms (faster provider start)`
      : 'install-provider: no V8 code cache could be written; the provider works, it only starts a little slower',
  );
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
console.log('install-provider: a rebuilt provider has a new checksum: run `terraform init -upgrade` in existing working directories');
console.log(`export TF_CLI_CONFIG_FILE=${cliConfig}`);
