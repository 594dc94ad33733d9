// V8 flags of the provider process, set before the bundle is compiled: a V8 code cache records
// the flag hash, so flags changed after the cache was consumed (or before it was recorded) make
// the next start reject it. --liftoff-only: see src/bin/terraform-provider-konnect.ts.
import { setFlagsFromString } from 'node:v8';

export function setProviderV8Flags(env: NodeJS.ProcessEnv = process.env): void {
  if (env.KONNECT_BENCH_WASM_TIER_UP !== '1') setFlagsFromString('--liftoff-only');
}
