// The main script of the release executable (scripts/release/build-release.ts): runs the provider
// bundle, stored as the SEA asset `provider.cjs`, through the V8 code cache stored as the asset
// `provider.v8-cache`. That cache is recorded by starting the executable once at release time,
// after start-up has run and the implementation has loaded, so it holds the functions a provider
// process compiles — which Node's own `useCodeCache` (compiled before anything runs: top-level
// code only) does not; bench/handshake.bench.ts and bench/terraform-plan.bench.ts measured the
// difference. An empty or stale cache only means a normal compile.
// KONNECT_PROVIDER_WRITE_CODE_CACHE=<path>: write the cache there after start-up.
import { renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { getAsset } from 'node:sea';
import vm from 'node:vm';
import { setProviderV8Flags } from './v8-flags.js';

setProviderV8Flags();
const filename = '/terraform-provider-konnect.cjs';
const source = getAsset('provider.cjs', 'utf8');
const cache = Buffer.from(getAsset('provider.v8-cache'));
const script = new vm.Script(Module.wrap(source), { filename, ...(cache.length > 0 ? { cachedData: cache } : {}) });
// Shown in the provider's "plugin started" debug line.
process.env.KONNECT_PROVIDER_CODE_CACHE = cache.length === 0 ? 'none' : script.cachedDataRejected ? 'rejected' : 'sea';
const cacheOut = process.env.KONNECT_PROVIDER_WRITE_CODE_CACHE;
delete process.env.KONNECT_PROVIDER_WRITE_CODE_CACHE;
if (cacheOut) {
  setTimeout(() => {
    writeFileSync(`${cacheOut}.tmp`, script.createCachedData());
    renameSync(`${cacheOut}.tmp`, cacheOut);
  }, 1500);
}
const moduleObject = { exports: {} };
// The bundle only require()s Node's built-in modules, which is all a SEA's require serves.
(script.runInThisContext() as (...args: unknown[]) => void).call(moduleObject.exports, moduleObject.exports, require, moduleObject, filename, '/');
