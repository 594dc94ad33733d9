// What `make release` writes, and what `make install-provider` unpacks: the provider as ONE
// executable needing no Node.js on the user's machine — a Node single executable application
// (this Node's own binary with, injected as the SEA blob, src/bin/provider-loader/sea-loader.ts,
// the provider's two bundles and their V8 code caches recorded by one start of the executable) —
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
import { createSelfSignedCertificate } from '../../src/tfplugin/index.js';
import { afterHandshakeCachePath } from '../../src/bin/provider-loader/bundle-parts.js';
import { injectSeaBlob } from './sea-inject.js';
import { writeZip } from './zip.js';

export const PROVIDER_TYPE = 'konnect';
/** Bumped when the artifact's make-up changes, so an old archive is not reused. */
const FORMAT = 'sea-4';

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

/**
 * Starts the executable once as Terraform would (with a Terraform-like client certificate, so the
 * AutoMTLS path is compiled too) and waits for its loader to write the V8 code cache.
 */
function recordCodeCache(executable: string, cacheFile: string): boolean {
  const script = `
    const { spawn } = require('node:child_process');
    const { existsSync } = require('node:fs');
    const child = spawn(process.argv[1], [], { stdio: 'ignore', env: JSON.parse(process.argv[3]) });
    const deadline = Date.now() + 20000;
    const poll = setInterval(() => {
      if (existsSync(process.argv[2]) || child.exitCode !== null || Date.now() > deadline) {
        clearInterval(poll);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    }, 50);`;
  const env = {
    PATH: process.env.PATH ?? '',
    TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2',
    PLUGIN_PROTOCOL_VERSIONS: '6',
    PLUGIN_CLIENT_CERT: createSelfSignedCertificate({ curve: 'P-521' }).certPem,
    KONNECT_PROVIDER_WRITE_CODE_CACHE: cacheFile,
  };
  execFileSync(process.execPath, ['-e', script, executable, cacheFile, JSON.stringify(env)], { stdio: 'ignore', timeout: 30_000 });
  return existsSync(cacheFile);
}

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
  const laterBundle = join(repo, 'dist', 'terraform-provider-konnect.after-handshake.cjs');
  const schemaFile = join(repo, 'dist', 'terraform-provider-konnect.provider-schema.bin');
  const loader = join(repo, 'dist', 'terraform-provider-konnect.sea.cjs');
  for (const f of [bundle, laterBundle, schemaFile, loader]) if (!existsSync(f)) throw new Error(`${f} is missing; run make build first (make release does)`);
  const bundleSource = readFileSync(bundle);
  const laterSource = readFileSync(laterBundle);
  const schemaBytes = readFileSync(schemaFile);
  // The licence comments esbuild moved out of the bundles: carried inside the executable.
  const legal = [bundle, laterBundle].map((f) => (existsSync(`${f}.LEGAL.txt`) ? readFileSync(`${f}.LEGAL.txt`, 'utf8') : '')).join('\n');
  const loaderSource = readFileSync(loader);
  const nodeBinary = readFileSync(process.execPath);
  const inputs = sha256(
    [FORMAT, version, platform, sha256(bundleSource), sha256(laterSource), sha256(schemaBytes), sha256(legal), sha256(loaderSource), sha256(nodeBinary), readFileSync(join(repo, 'terraform-registry-manifest.json'), 'utf8')].join('\n'),
  );
  const stamp = join(outDir, `.${base}_${platform}.inputs`);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === inputs && [release.zip, release.sums, release.manifest].every((f) => existsSync(f))) {
    log(`release: ${release.zip} is up to date (same bundle, node and version)`);
    return { ...release, built: false };
  }

  const t0 = performance.now();
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'konnect-release-'));
  try {
    // The SEA: main script src/bin/provider-loader/sea-loader.ts, the two bundles and their V8 code
    // caches as assets. The caches are recorded by one start of a first executable (with empty
    // caches), after start-up has run, then the executable is made again with them.
    writeFileSync(join(work, 'loader.cjs'), loaderSource);
    writeFileSync(join(work, 'provider.cjs'), bundleSource);
    writeFileSync(join(work, 'after-handshake.cjs'), laterSource);
    writeFileSync(join(work, 'provider-schema.bin'), schemaBytes);
    writeFileSync(join(work, 'LEGAL.txt'), legal);
    const makeExecutable = (cacheFile: string): Buffer => {
      writeFileSync(
        join(work, 'sea-config.json'),
        JSON.stringify({
          main: join(work, 'loader.cjs'),
          output: join(work, 'sea.blob'),
          disableExperimentalSEAWarning: true,
          assets: {
            'provider.cjs': join(work, 'provider.cjs'),
            'provider.v8-cache': cacheFile,
            'after-handshake.cjs': join(work, 'after-handshake.cjs'),
            'after-handshake.v8-cache': afterHandshakeCachePath(cacheFile),
            'provider-schema.bin': join(work, 'provider-schema.bin'),
            'LEGAL.txt': join(work, 'LEGAL.txt'),
          },
        }),
      );
      execFileSync(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], { stdio: 'pipe', cwd: work });
      return injectSeaBlob(nodeBinary, readFileSync(join(work, 'sea.blob')));
    };
    writeFileSync(join(work, 'empty.v8-cache'), '');
    writeFileSync(afterHandshakeCachePath(join(work, 'empty.v8-cache')), '');
    writeFileSync(join(work, 'first'), makeExecutable(join(work, 'empty.v8-cache')), { mode: 0o755 });
    const cache = join(work, 'provider.v8-cache');
    const recorded = recordCodeCache(join(work, 'first'), cache) && existsSync(afterHandshakeCachePath(cache));
    log(recorded ? 'release: V8 code cache recorded' : 'release: no V8 code cache could be recorded; the executable starts a little slower');
    const executable = makeExecutable(recorded ? cache : join(work, 'empty.v8-cache'));
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
