// Built as dist/terraform-provider-konnect.mjs: starts the provider's bundles that sit next to it
// (same name: .cjs, .serving.cjs, .implementation.cjs; ASCII, read as latin1) through the V8 code
// caches beside them (.v8-cache, .serving.v8-cache, .implementation.v8-cache) when they are there
// (bundle-parts.ts, parts.ts), and hands over .provider-schema.bin, GetProviderSchema's answer.
// Compiling the bundles is a large share of every provider start and Terraform starts ~4
// providers per apply; `make bench` measures the difference. Node 20 has no built-in module
// compile cache (module.enableCompileCache arrived in Node 22), hence vm.Script's cachedData.
// A missing or stale cache (another Node version) only means a normal compile.
// KONNECT_PROVIDER_WRITE_CODE_CACHE=<path>: record the caches (install-provider --node-launcher).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runProviderBundles } from './bundle-parts.js';
import { partPath } from './parts.js';
import { setProviderV8Flags } from './v8-flags.js';

setProviderV8Flags();

const self = fileURLToPath(import.meta.url);
const startBundle = self.replace(/\.mjs$/, '.cjs');
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
  (part) => ({ filename: partPath(startBundle, part), source: readFileSync(partPath(startBundle, part), 'latin1'), cache: readIf(partPath(startCache, part)) }),
  () => readFileSync(self.replace(/\.mjs$/, '.provider-schema.bin')),
  createRequire(startBundle),
  'used',
);
