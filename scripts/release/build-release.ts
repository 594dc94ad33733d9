// What `make release` writes, and what `make install-provider` unpacks: the provider as ONE
// executable needing no Node.js on the user's machine — a Node single executable application
// (this Node's own binary, the bundled provider and its V8 code cache injected as the SEA blob) —
// packed the way the Terraform registry and private mirrors serve providers:
//   terraform-provider-konnect_<version>_<os>_<arch>.zip   holding terraform-provider-konnect_v<version>
//   terraform-provider-konnect_<version>_manifest.json     the registry manifest (protocol_versions ["6.0"])
//   terraform-provider-konnect_<version>_SHA256SUMS        sha256 of the zip(s) and the manifest
// Only the platform of the Node that runs this can be produced: a SEA is that Node's executable,
// and another platform's Node binary would have to be downloaded.
// The V8 code cache in a SEA blob differs from one build to the next, so an unchanged input
// (bundle, node binary, version) reuses the existing archive: its checksum, recorded in users'
// lock files, stays the same.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { injectSeaBlob } from './sea-inject.js';
import { writeZip } from './zip.js';

export const PROVIDER_TYPE = 'konnect';
/** Bumped when the artifact's make-up changes, so an old archive is not reused. */
const FORMAT = 'sea-1';

export interface Release {
  readonly version: string;
  /** e.g. linux_amd64 */
  readonly platform: string;
  readonly dir: string;
  readonly zip: string;
  /** The executable's name inside the zip: terraform-provider-konnect_v<version>. */
  readonly executableName: string;
  readonly sums: string;
  readonly manifest: string;
  /** false when an archive built from the same inputs was reused. */
  readonly built: boolean;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;

/** The version to publish: PROVIDER_VERSION when set (validated), else package.json's. */
export function providerVersion(repo: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.PROVIDER_VERSION?.trim();
  if (chosen) {
    if (!SEMVER.test(chosen)) {
      throw new Error(`PROVIDER_VERSION=${JSON.stringify(chosen)} is not a version Terraform accepts: use MAJOR.MINOR.PATCH, e.g. PROVIDER_VERSION=3.19.0`);
    }
    return chosen;
  }
  return (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Terraform's name for this Node's platform, e.g. linux_amd64. */
export function terraformPlatform(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' } as Record<string, string>)[process.arch] ?? process.arch;
  return `${process.platform}_${arch}`;
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export function buildRelease(options: { repo: string; version: string; outDir: string; log?: (line: string) => void }): Release {
  const { repo, version, outDir } = options;
  const log = options.log ?? (() => undefined);
  if (process.platform !== 'linux') throw new Error(`make release builds Linux executables only (this is ${process.platform})`);
  const platform = terraformPlatform();
  const base = `terraform-provider-${PROVIDER_TYPE}_${version}`;
  const executableName = `terraform-provider-${PROVIDER_TYPE}_v${version}`;
  const release: Release = {
    version,
    platform,
    dir: outDir,
    zip: join(outDir, `${base}_${platform}.zip`),
    executableName,
    sums: join(outDir, `${base}_SHA256SUMS`),
    manifest: join(outDir, `${base}_manifest.json`),
    built: true,
  };
  const bundle = join(repo, 'dist', 'terraform-provider-konnect.cjs');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing; run make build first (make release does)`);
  const bundleSource = readFileSync(bundle);
  const nodeBinary = readFileSync(process.execPath);
  const inputs = sha256([FORMAT, version, platform, sha256(bundleSource), sha256(nodeBinary), readFileSync(join(repo, 'terraform-registry-manifest.json'), 'utf8')].join('\n'));
  const stamp = join(outDir, `.${base}_${platform}.inputs`);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === inputs && [release.zip, release.sums, release.manifest].every((f) => existsSync(f))) {
    log(`release: ${release.zip} is up to date (same bundle, node and version)`);
    return { ...release, built: false };
  }

  const t0 = performance.now();
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'konnect-release-'));
  try {
    // The SEA's main script is the provider bundle itself (CommonJS, only built-in requires).
    writeFileSync(join(work, 'main.cjs'), bundleSource);
    writeFileSync(
      join(work, 'sea-config.json'),
      JSON.stringify({ main: join(work, 'main.cjs'), output: join(work, 'sea.blob'), disableExperimentalSEAWarning: true, useCodeCache: true }),
    );
    execFileSync(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], { stdio: 'pipe', cwd: work });
    const executable = injectSeaBlob(nodeBinary, readFileSync(join(work, 'sea.blob')));
    const zip = writeZip([{ name: executableName, data: executable, mode: 0o755 }]);
    const manifest = readFileSync(join(repo, 'terraform-registry-manifest.json'));
    // Written under temporary names, then renamed: a concurrent install never reads half a file.
    const put = (file: string, data: Buffer | string) => {
      writeFileSync(`${file}.${process.pid}.tmp`, data);
      renameSync(`${file}.${process.pid}.tmp`, file);
    };
    put(release.zip, zip);
    put(release.manifest, manifest);
    const name = (f: string) => f.slice(outDir.length + 1);
    put(release.sums, `${sha256(zip)}  ${name(release.zip)}\n${sha256(manifest)}  ${name(release.manifest)}\n`);
    put(stamp, inputs);
    log(`release: ${release.zip} (${(zip.length / 1e6).toFixed(1)} MB; executable ${(executable.length / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - t0)} ms`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return release;
}
