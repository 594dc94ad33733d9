// What both loaders (the release executable's sea-loader.ts and dist/'s code-cache-loader.ts) do
// with the provider's two bundles (scripts/build.mjs): run the start bundle through its V8 code
// cache now, and the after-handshake bundle through its own when the start bundle first asks for
// it (the global __KONNECT_AFTER_HANDSHAKE__, right after the handshake line). Two caches, so
// that what is deserialised before the handshake line is only what that line needs. The global
// __KONNECT_PROVIDER_SCHEMA__ hands over GetProviderSchema's answer encoded at build time.
// KONNECT_PROVIDER_WRITE_CODE_CACHE=<path>: after start-up, write the start bundle's cache to
// <path> and the other's to afterHandshakeCachePath(<path>).
import { renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

export interface BundleSource {
  readonly filename: string;
  readonly source: string;
  /** Empty or absent: compile without a cache. */
  readonly cache: Buffer | undefined;
}

/** Where the after-handshake bundle's cache goes, beside the start bundle's. */
export const afterHandshakeCachePath = (startCachePath: string) => startCachePath.replace(/(\.v8-cache)?$/, '.after-handshake.v8-cache');

type CacheState = 'none' | 'rejected' | 'used';

/** Milliseconds since the process started at each loader step; serve() adds them to its "plugin started" line. */
const marks: Record<string, number> = ((globalThis as { __KONNECT_LOADER_MARKS__?: Record<string, number> }).__KONNECT_LOADER_MARKS__ ??= {});

function run(name: string, bundle: BundleSource, load: NodeJS.Require): { exports: unknown; script: vm.Script; cache: CacheState } {
  const useCache = bundle.cache !== undefined && bundle.cache.length > 0;
  const script = new vm.Script(Module.wrap(bundle.source), { filename: bundle.filename, ...(useCache ? { cachedData: bundle.cache } : {}) });
  marks[`${name}_compiled`] = performance.now();
  const moduleObject = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void).call(moduleObject.exports, moduleObject.exports, load, moduleObject, bundle.filename, dirname(bundle.filename));
  marks[`${name}_ran`] = performance.now();
  return { exports: moduleObject.exports, script, cache: !useCache ? 'none' : script.cachedDataRejected ? 'rejected' : 'used' };
}

/**
 * Runs the start bundle; the after-handshake bundle is read and run on first request.
 * `usedLabel` is how a used cache is reported in the provider's "plugin started" line.
 */
export function runProviderBundles(
  start: BundleSource,
  afterHandshake: () => BundleSource,
  providerSchema: () => Uint8Array,
  load: NodeJS.Require,
  usedLabel: string,
): void {
  (globalThis as { __KONNECT_PROVIDER_SCHEMA__?: () => Uint8Array }).__KONNECT_PROVIDER_SCHEMA__ = providerSchema;
  const label = (state: CacheState) => (state === 'used' ? usedLabel : state);
  const writeTo = process.env.KONNECT_PROVIDER_WRITE_CODE_CACHE;
  delete process.env.KONNECT_PROVIDER_WRITE_CODE_CACHE;
  let later: ReturnType<typeof run> | undefined;
  (globalThis as { __KONNECT_AFTER_HANDSHAKE__?: () => unknown }).__KONNECT_AFTER_HANDSHAKE__ = () => {
    if (!later) {
      marks.after_handshake_asked = performance.now();
      const source = afterHandshake();
      marks.after_handshake_read = performance.now();
      later = run('after_handshake', source, load);
      process.env.KONNECT_PROVIDER_CODE_CACHE += ` after-handshake:${label(later.cache)}`;
    }
    return (later.exports as { afterHandshake: unknown }).afterHandshake;
  };
  if (writeTo) {
    // After the handshake and the first lazy loads, so the functions start-up runs are compiled in.
    setTimeout(() => {
      const put = (file: string, data: Buffer) => {
        writeFileSync(`${file}.tmp`, data);
        renameSync(`${file}.tmp`, file);
      };
      if (later) put(afterHandshakeCachePath(writeTo), later.script.createCachedData());
      put(writeTo, first.script.createCachedData());
    }, 1500);
  }
  // Shown in the provider's "plugin started" debug line (which the start bundle logs after the handshake).
  marks.loader = performance.now();
  const first = run('start', start, load);
  process.env.KONNECT_PROVIDER_CODE_CACHE = `start:${label(first.cache)}`;
}
