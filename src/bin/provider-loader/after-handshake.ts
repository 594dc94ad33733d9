// The part of the provider loaded after the handshake line (scripts/build.mjs bundles it as
// dist/terraform-provider-konnect.after-handshake.cjs): the gRPC server and the implementation.
// The start bundle (src/bin/terraform-provider-konnect.ts) holds only what the handshake line
// needs, so the V8 code cache a provider process deserialises before that line is small; this
// part's cache is read while Terraform connects. The implementation's modules initialise only
// when loadProvider() is called (esbuild wraps a dynamically imported module lazily): a process
// that only answers GetProviderSchema never runs them.
import { startServing } from '../../tfplugin/serving.js';

async function loadProvider() {
  return (await import('../../provider/index.js')).KonnectProvider;
}

export const afterHandshake = { startServing, loadProvider };
export type AfterHandshake = typeof afterHandshake;
