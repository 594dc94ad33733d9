// `make install-provider`: installs the built provider the way a user's terraform finds it
// offline — an unpacked filesystem mirror for registry.terraform.io/kong/konnect at the
// package.json version, under .build/ — plus a CLI config file that uses it. The LAST line
// printed is `export TF_CLI_CONFIG_FILE=<absolute path>`, so
//   eval "$(make -s install-provider | tail -1)"
// sets a shell up. Options: --dir <path> (default .build) to install elsewhere.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dirArg = process.argv.indexOf('--dir');
const buildDir = resolve(dirArg > 0 && process.argv[dirArg + 1] ? process.argv[dirArg + 1]! : join(repo, '.build'));
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' } as Record<string, string>)[process.arch] ?? process.arch;
const platform = `${process.platform}_${arch}`;
const bundle = join(repo, 'dist', 'terraform-provider-konnect.mjs');

if (!existsSync(bundle)) {
  process.stderr.write(`install-provider: ${bundle} is missing; run make build first (make install-provider does).\n`);
  process.exit(1);
}

// Not named terraform-provider-*: terraform runs the first file with that prefix it finds.
const BUNDLE_NAME = 'konnect-provider.mjs';
const mirror = join(buildDir, 'mirror');
const packageDir = join(mirror, 'registry.terraform.io', 'kong', 'konnect', version, platform);
rmSync(packageDir, { recursive: true, force: true });
mkdirSync(packageDir, { recursive: true });

// The bundle is self-contained; a sh launcher `exec`s node so Terraform's SIGKILL reaches node
// itself. The node that ran this install is used, falling back to the one on PATH.
copyFileSync(bundle, join(packageDir, BUNDLE_NAME));
const executable = join(packageDir, `terraform-provider-konnect_v${version}`);
writeFileSync(
  executable,
  [
    '#!/bin/sh',
    '# Terraform provider kong/konnect (TypeScript). Terraform runs this file; it is not meant to be run by hand.',
    `NODE='${process.execPath}'`,
    '[ -x "$NODE" ] || NODE=node',
    `exec "$NODE" "$(dirname "$0")/${BUNDLE_NAME}" "$@"`,
    '',
  ].join('\n'),
);
chmodSync(executable, 0o755);
console.log(`install-provider: registry.terraform.io/kong/konnect ${version} (${platform}) -> ${packageDir}`);

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
