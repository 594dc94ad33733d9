// The provider's three bundles (scripts/build.mjs), in the order a provider process needs them:
// `start` (the handshake line), `serving` (the gRPC server, right after that line) and
// `implementation` (the provider, on the first RPC that needs it). Each has its own V8 code cache,
// so a process deserialises the code it runs: one that only answers GetProviderSchema never reads
// the implementation's. The loaders (bundle-parts.ts) run `start` and hand the others over through
// the global __KONNECT_BUNDLE__(part).
import type * as Implementation from './implementation-part.js';
import type * as Serving from './serving-part.js';

export type LaterPart = 'serving' | 'implementation';
export interface LaterParts {
  serving: typeof Serving;
  implementation: typeof Implementation;
}
export const LATER_PARTS: readonly LaterPart[] = ['serving', 'implementation'];

/** File names beside the start bundle (or its cache): `x.cjs` → `x.serving.cjs`, `x.v8-cache` → `x.serving.v8-cache`. */
export const partPath = (startPath: string, part: LaterPart) => startPath.replace(/(\.cjs|\.v8-cache)$/, `.${part}$1`);
