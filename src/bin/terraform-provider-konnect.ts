// Entry point Terraform executes (through bin/terraform-provider-konnect). Everything heavy is
// loaded lazily by serve(); the provider implementation loads right after the handshake line.
import { serve } from '../tfplugin/index.js';
import { setProviderV8Flags } from './provider-loader/v8-flags.js';

// undici parses HTTP with llhttp compiled to WebAssembly. V8 first compiles it with Liftoff, then
// recompiles the hot parser with TurboFan on a background thread — 100–300 ms of work here —
// and process.exit() waits for that job: a provider that had called Konnect took that long to
// exit after Shutdown (bench/provider-calls.bench.ts). Liftoff's code is plenty for a few hundred API
// calls. Set before anything compiles WebAssembly (undici loads on the first Konnect call).
// KONNECT_BENCH_WASM_TIER_UP=1 leaves V8's default: bench/provider-calls.bench.ts's "before" column.
// The loaders (src/bin/provider-loader/) set it before compiling the bundle; again here for source runs.
setProviderV8Flags();

// Set by scripts/build.mjs for the bundle, which carries GetProviderSchema's answer encoded at
// build time (a module it provides to the bundle only); source runs compute it when asked.
declare const __TFPLUGIN_BUNDLED__: boolean | undefined;
const bundled = typeof __TFPLUGIN_BUNDLED__ !== 'undefined' && __TFPLUGIN_BUNDLED__;

void serve({
  providerAddress: 'registry.terraform.io/kong/konnect',
  ...(bundled ? { precomputed: { GetProviderSchema: () => Buffer.from((require('konnect-provider-schema') as () => string)(), 'base64') } } : {}),
  create: async (log) => {
    const { KonnectProvider } = await import('../provider/index.js');
    return new KonnectProvider({ log });
  },
}).catch((err: unknown) => {
  // Before the handshake nothing else can report it; the name only, messages may quote input.
  process.stderr.write(`terraform-provider-konnect: failed to start (${err instanceof Error ? err.name : typeof err})\n`);
  process.exit(1);
});
