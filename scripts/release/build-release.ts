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
import { LATER_PARTS, partPath } from '../../src/bin/provider-loader/parts.js';
import { withoutEagerExtraCaCerts } from './extra-ca-certs.js';
import { injectSeaBlob } from './sea-inject.js';
import { writeZip } from './zip.js';

export const PROVIDER_TYPE = 'konnect';
/** Bumped when the artifact's make-up changes, so an old archive is not reused. */
const FORMAT = 'sea-8';

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
 * This Node's binary without its symbol table and debug sections (`strip --strip-all`, binutils;
 * ~13 MB of 99 here): Terraform hashes the provider's package on every command (the lock file's
 * h1: checksum), so every megabyte costs each plan and apply a little. The SEA reads its blob
 * through the program headers, which strip keeps. Without `strip`, the binary as it is.
 */
function withoutSymbols(nodeBinary: Buffer, work: string, log: (line: string) => void): Buffer {
  const input = join(work, 'node');
  const output = join(work, 'node.stripped');
  try {
    writeFileSync(input, nodeBinary);
    execFileSync('strip', ['--strip-all', '-o', output, input], { stdio: 'pipe' });
    const stripped = readFileSync(output);
    log(`release: node's symbols stripped (${(nodeBinary.length / 1e6).toFixed(1)} → ${(stripped.length / 1e6).toFixed(1)} MB)`);
    return stripped;
  } catch {
    log('release: `strip` (binutils) is not available; the executable keeps node\'s symbols (larger, hashed by terraform on every command)');
    return nodeBinary;
  }
}

/** Records the V8 code caches by one start of the executable (record-code-cache.ts): true when written. */
function recordCodeCache(executable: string, cacheFile: string): boolean {
  try {
    execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'record-code-cache.ts'), executable, cacheFile], { stdio: 'pipe', timeout: 60_000 });
  } catch {
    return false;
  }
  return LATER_PARTS.every((part) => existsSync(partPath(cacheFile, part))) && existsSync(cacheFile);
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
  const schemaFile = join(repo, 'dist', 'terraform-provider-konnect.provider-schema.bin');
  const loader = join(repo, 'dist', 'terraform-provider-konnect.sea.cjs');
  const parts = LATER_PARTS.map((part) => ({ part, file: partPath(bundle, part) }));
  for (const f of [bundle, ...parts.map((p) => p.file), schemaFile, loader]) if (!existsSync(f)) throw new Error(`${f} is missing; run make build first (make release does)`);
  const bundleSource = readFileSync(bundle);
  const partSources = parts.map((p) => readFileSync(p.file));
  const schemaBytes = readFileSync(schemaFile);
  // The licence comments esbuild moved out of the bundles: carried inside the executable.
  const legal = [bundle, ...parts.map((p) => p.file)].map((f) => (existsSync(`${f}.LEGAL.txt`) ? readFileSync(`${f}.LEGAL.txt`, 'utf8') : '')).join('\n');
  const loaderSource = readFileSync(loader);
  const nodeBinary = readFileSync(process.execPath);
  const inputs = sha256(
    [FORMAT, version, platform, sha256(bundleSource), ...partSources.map(sha256), sha256(schemaBytes), sha256(legal), sha256(loaderSource), sha256(nodeBinary), readFileSync(join(repo, 'terraform-registry-manifest.json'), 'utf8')].join('\n'),
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
    // The SEA: main script src/bin/provider-loader/sea-loader.ts, the three bundles and their V8
    // code caches as assets. The caches are recorded by one start of a first executable (with
    // empty caches), then the executable is made again with them.
    const stripped = withoutSymbols(nodeBinary, work, log);
    const lazyCa = withoutEagerExtraCaCerts(stripped);
    log(lazyCa ? 'release: NODE_EXTRA_CA_CERTS is read by the provider on its first Konnect call, not by node at every start' : "release: this node's start-up read of NODE_EXTRA_CA_CERTS was not found; the executable keeps it (slower starts where it is set)");
    const seaBase = lazyCa ?? stripped;
    writeFileSync(join(work, 'loader.cjs'), loaderSource);
    writeFileSync(join(work, 'provider.cjs'), bundleSource);
    parts.forEach((p, i) => writeFileSync(join(work, `${p.part}.cjs`), partSources[i]!));
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
            ...Object.fromEntries(parts.flatMap((p) => [[`${p.part}.cjs`, join(work, `${p.part}.cjs`)], [`${p.part}.v8-cache`, partPath(cacheFile, p.part)]])),
            'provider-schema.bin': join(work, 'provider-schema.bin'),
            'LEGAL.txt': join(work, 'LEGAL.txt'),
          },
        }),
      );
      execFileSync(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], { stdio: 'pipe', cwd: work });
      return injectSeaBlob(seaBase, readFileSync(join(work, 'sea.blob')));
    };
    writeFileSync(join(work, 'empty.v8-cache'), '');
    for (const p of parts) writeFileSync(partPath(join(work, 'empty.v8-cache'), p.part), '');
    writeFileSync(join(work, 'first'), makeExecutable(join(work, 'empty.v8-cache')), { mode: 0o755 });
    const cache = join(work, 'provider.v8-cache');
    const recorded = recordCodeCache(join(work, 'first'), cache);
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
