// The main script of the release executable (scripts/release/build-release.ts): runs the provider's
// bundles (parts.ts), stored as SEA assets with their V8 code caches — `provider.cjs` now,
// `serving.cjs` right after the handshake line, `implementation.cjs` on the first RPC that needs
// it (bundle-parts.ts) — and hands over `provider-schema.bin`, GetProviderSchema's answer.
// (`LEGAL.txt`, the bundled packages' licence comments, is carried and never read.) Each cache is
// recorded by starting the executable once at release time, so it holds the functions a provider
// process compiles — which Node's own `useCodeCache` (compiled before anything runs: top-level
// code only) does not; bench/handshake.bench.ts measured the difference. An empty or stale cache
// only means a normal compile.
// KONNECT_PROVIDER_WRITE_CODE_CACHE=<path>: record the caches (bundle-parts.ts).
import { getRawAsset } from 'node:sea';
import { runProviderBundles } from './bundle-parts.js';
import { setProviderV8Flags } from './v8-flags.js';

const loaderMarks = ((globalThis as { __KONNECT_LOADER_MARKS__?: Record<string, number> }).__KONNECT_LOADER_MARKS__ ??= {});
loaderMarks.main = process.uptime() * 1000;
setProviderV8Flags();
loaderMarks.v8_flags = process.uptime() * 1000;
// The assets without copies (getRawAsset): the bundles are ASCII (scripts/build.mjs checks), so
// latin1 makes their source strings with a plain copy.
const raw = (name: string) => Buffer.from(getRawAsset(name) as ArrayBuffer);
const text = (name: string) => raw(name).toString('latin1');
// The bundles only require() Node's built-in modules, which is all a SEA's require serves.
runProviderBundles(
  { filename: '/terraform-provider-konnect.cjs', source: text('provider.cjs'), cache: raw('provider.v8-cache') },
  (part) => ({ filename: `/terraform-provider-konnect.${part}.cjs`, source: text(`${part}.cjs`), cache: raw(`${part}.v8-cache`) }),
  () => raw('provider-schema.bin'),
  require,
  'sea',
);
