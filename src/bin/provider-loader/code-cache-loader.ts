// Built as dist/terraform-provider-konnect.mjs: starts the provider bundle that sits next to
// it (same name, .cjs) through a V8 code cache (same name, .v8-cache) when one is there.
// Compiling ~0.5 MB of JavaScript is a large share of every provider start and Terraform starts
// ~4 providers per apply; `make bench` measures the difference. Node 20 has no built-in module
// compile cache (module.enableCompileCache arrived in Node 22), hence vm.Script's cachedData.
// A missing or stale cache (another Node version) only means a normal compile.
// KONNECT_PROVIDER_WRITE_CODE_CACHE=<path>: after start-up, write the cache there (install-provider).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { setProviderV8Flags } from './v8-flags.js';

setProviderV8Flags();

const self = fileURLToPath(import.meta.url);
const bundle = self.replace(/\.mjs$/, '.cjs');
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(self.replace(/\.mjs$/, '.v8-cache'));
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
// Shown in the provider's "plugin started" debug line.
process.env.KONNECT_PROVIDER_CODE_CACHE = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
const cacheOut = process.env.KONNECT_PROVIDER_WRITE_CODE_CACHE;
delete process.env.KONNECT_PROVIDER_WRITE_CODE_CACHE;
if (cacheOut) {
  // After the handshake and the first lazy loads, so the functions start-up runs are compiled in.
  setTimeout(() => {
    writeFileSync(`${cacheOut}.tmp`, script.createCachedData());
    renameSync(`${cacheOut}.tmp`, cacheOut);
  }, 1500);
}
const moduleObject = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(
  moduleObject.exports,
  moduleObject.exports,
  createRequire(bundle),
  moduleObject,
  bundle,
  dirname(bundle),
);
