// Entry point Terraform executes (through bin/terraform-provider-konnect, or the release
// executable). This bundle holds what the handshake line needs; the gRPC server and the
// implementation are two more (provider-loader/parts.ts), which the loader
// (provider-loader/sea-loader.ts, code-cache-loader.ts) runs when they are first asked for.
// Source runs import them as modules.
import { serve } from '../tfplugin/index.js';
import type { LaterPart, LaterParts } from './provider-loader/parts.js';
import { reportCpuFromEnv, startCpuProfileFromEnv } from './provider-loader/cpu-profile.js';
import { setProviderV8Flags } from './provider-loader/v8-flags.js';

// undici parses HTTP with llhttp compiled to WebAssembly. V8 first compiles it with Liftoff, then
// recompiles the hot parser with TurboFan on a background thread — 100–300 ms of work here —
// and process.exit() waits for that job: a provider that had called Konnect took that long to
// exit after Shutdown (bench/provider-calls.bench.ts). Liftoff's code is plenty for a few hundred API
// calls. Set before anything compiles WebAssembly (undici loads on the first Konnect call).
// KONNECT_BENCH_WASM_TIER_UP=1 leaves V8's default: bench/provider-calls.bench.ts's "before" column.
// The loaders (src/bin/provider-loader/) set it before compiling the bundle; again here for source runs.
setProviderV8Flags();
startCpuProfileFromEnv();
reportCpuFromEnv();

// Set by scripts/build.mjs for the bundle; the loader defines the globals: the other bundles,
// GetProviderSchema's answer encoded at build time (an asset beside the bundles), and whether it
// is recording the V8 code caches (then the implementation loads at once, to be in its cache).
// esbuild folds the condition, so the start bundle does not contain the other parts.
declare const __TFPLUGIN_BUNDLED__: boolean | undefined;
declare const __KONNECT_BUNDLE__: <P extends LaterPart>(part: P) => LaterParts[P];
declare const __KONNECT_PROVIDER_SCHEMA__: () => Uint8Array;
declare const __KONNECT_RECORDING__: boolean | undefined;

const bundled = typeof __TFPLUGIN_BUNDLED__ !== 'undefined' && __TFPLUGIN_BUNDLED__;
const serving = async (): Promise<LaterParts['serving']> =>
  typeof __TFPLUGIN_BUNDLED__ !== 'undefined' && __TFPLUGIN_BUNDLED__ ? __KONNECT_BUNDLE__('serving') : import('./provider-loader/serving-part.js');
const implementation = async (): Promise<LaterParts['implementation']> =>
  typeof __TFPLUGIN_BUNDLED__ !== 'undefined' && __TFPLUGIN_BUNDLED__ ? __KONNECT_BUNDLE__('implementation') : import('./provider-loader/implementation-part.js');

void serve({
  providerAddress: 'registry.terraform.io/kong/konnect',
  serving: async () => (await serving()).startServing,
  // The bundle's GetProviderSchema answer was encoded at build time; source runs compute it when asked.
  ...(bundled ? { precomputed: { GetProviderSchema: () => __KONNECT_PROVIDER_SCHEMA__() } } : {}),
  preload: bundled && typeof __KONNECT_RECORDING__ !== 'undefined' && __KONNECT_RECORDING__,
  create: async (log) => new (await implementation()).KonnectProvider({ log }),
}).catch((err: unknown) => {
  // Before the handshake nothing else can report it; the name only, messages may quote input.
  process.stderr.write(`terraform-provider-konnect: failed to start (${err instanceof Error ? err.name : typeof err})\n`);
  process.exit(1);
});
