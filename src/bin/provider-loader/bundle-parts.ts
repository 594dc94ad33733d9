// What both loaders (the release executable's sea-loader.ts and dist/'s code-cache-loader.ts) do
// with the provider's bundles (parts.ts): run the start bundle through its V8 code cache now, and
// each later part through its own when the start bundle first asks for it (the global
// __KONNECT_BUNDLE__). Separate caches, so that what is deserialised before the handshake line is
// only what that line needs, and a process that never loads the implementation never reads its
// cache. The global __KONNECT_PROVIDER_SCHEMA__ hands over GetProviderSchema's answer encoded at
// build time.
// KONNECT_PROVIDER_WRITE_CODE_CACHE=<path>: record — load every part at once (__KONNECT_RECORDING__),
// and when the process exits write the start bundle's cache to <path> and each part's to
// partPath(<path>, part). The recorder (scripts/release/build-release.ts) starts the provider,
// lets it come up and asks it to Shutdown.
import { renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';
import { LATER_PARTS, partPath, type LaterPart } from './parts.js';

export interface BundleSource {
  readonly filename: string;
  readonly source: string;
  /** Empty or absent: compile without a cache. */
  readonly cache: Buffer | undefined;
}

type CacheState = 'none' | 'rejected' | 'used';

/** Milliseconds since the process started (not performance.now(), which loads node:perf_hooks on first use). */
const sinceStart = () => process.uptime() * 1000;

/** Milliseconds since the process started at each loader step; serve() adds them to its "plugin started" line. */
const marks: Record<string, number> = ((globalThis as { __KONNECT_LOADER_MARKS__?: Record<string, number> }).__KONNECT_LOADER_MARKS__ ??= {});

function run(name: string, bundle: BundleSource, load: NodeJS.Require): { exports: unknown; script: vm.Script; cache: CacheState } {
  const useCache = bundle.cache !== undefined && bundle.cache.length > 0;
  const script = new vm.Script(Module.wrap(bundle.source), { filename: bundle.filename, ...(useCache ? { cachedData: bundle.cache } : {}) });
  marks[`${name}_compiled`] = sinceStart();
  const moduleObject = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void).call(moduleObject.exports, moduleObject.exports, load, moduleObject, bundle.filename, dirname(bundle.filename));
  marks[`${name}_ran`] = sinceStart();
  return { exports: moduleObject.exports, script, cache: !useCache ? 'none' : script.cachedDataRejected ? 'rejected' : 'used' };
}

/**
 * Runs the start bundle; each later part is read and run on first request. `usedLabel` is how a
 * used cache is reported in the provider's "plugin started" line (code_cache).
 */
export function runProviderBundles(
  start: BundleSource,
  later: (part: LaterPart) => BundleSource,
  providerSchema: () => Uint8Array,
  load: NodeJS.Require,
  usedLabel: string,
): void {
  const label = (state: CacheState) => (state === 'used' ? usedLabel : state);
  const cacheState: string[] = [];
  const report = () => (process.env.KONNECT_PROVIDER_CODE_CACHE = cacheState.join(' '));
  const writeTo = process.env.KONNECT_PROVIDER_WRITE_CODE_CACHE;
  delete process.env.KONNECT_PROVIDER_WRITE_CODE_CACHE;
  const loaded = new Map<LaterPart, ReturnType<typeof run>>();
  const g = globalThis as { __KONNECT_BUNDLE__?: (part: LaterPart) => unknown; __KONNECT_PROVIDER_SCHEMA__?: () => Uint8Array; __KONNECT_RECORDING__?: boolean };
  g.__KONNECT_PROVIDER_SCHEMA__ = providerSchema;
  g.__KONNECT_RECORDING__ = writeTo !== undefined && writeTo !== '';
  g.__KONNECT_BUNDLE__ = (part) => {
    let r = loaded.get(part);
    if (!r) {
      marks[`${part}_asked`] = sinceStart();
      const source = later(part);
      marks[`${part}_read`] = sinceStart();
      r = run(part, source, load);
      loaded.set(part, r);
      cacheState.push(`${part}:${label(r.cache)}`);
      report();
    }
    return r.exports;
  };
  const first = run('start', start, load);
  cacheState.unshift(`start:${label(first.cache)}`);
  report();
  if (writeTo) {
    // At exit, so that every function the session ran is compiled into the caches.
    process.on('exit', () => {
      const put = (file: string, script: vm.Script) => {
        writeFileSync(`${file}.tmp`, script.createCachedData());
        renameSync(`${file}.tmp`, file);
      };
      for (const part of LATER_PARTS) {
        const r = loaded.get(part);
        if (r) put(partPath(writeTo, part), r.script);
      }
      put(writeTo, first.script); // last: recorders wait for this one
    });
  }
}
