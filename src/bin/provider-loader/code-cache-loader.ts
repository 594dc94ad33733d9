// Built as dist/terraform-provider-konnect.mjs: starts the provider's two bundles that sit next
// to it (same name, .cjs and .after-handshake.cjs; ASCII, read as latin1) through V8 code caches
// (.v8-cache and .after-handshake.v8-cache) when they are there (bundle-parts.ts), and hands over
// .provider-schema.bin, GetProviderSchema's answer. Compiling the bundles is a
// large share of every provider start and Terraform starts ~4 providers per apply; `make bench`
// measures the difference. Node 20 has no built-in module compile cache (module.enableCompileCache
// arrived in Node 22), hence vm.Script's cachedData. A missing or stale cache (another Node
// version) only means a normal compile.
// KONNECT_PROVIDER_WRITE_CODE_CACHE=<path>: after start-up, write the caches there (install-provider --node-launcher).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterHandshakeCachePath, runProviderBundles } from './bundle-parts.js';
import { setProviderV8Flags } from './v8-flags.js';

setProviderV8Flags();

const self = fileURLToPath(import.meta.url);
const startBundle = self.replace(/\.mjs$/, '.cjs');
const laterBundle = self.replace(/\.mjs$/, '.after-handshake.cjs');
const startCache = self.replace(/\.mjs$/, '.v8-cache');
const readIf = (file: string): Buffer | undefined => {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
};
runProviderBundles(
  { filename: startBundle, source: readFileSync(startBundle, 'latin1'), cache: readIf(startCache) },
  () => ({ filename: laterBundle, source: readFileSync(laterBundle, 'latin1'), cache: readIf(afterHandshakeCachePath(startCache)) }),
  () => readFileSync(self.replace(/\.mjs$/, '.provider-schema.bin')),
  createRequire(startBundle),
  'used',
);
