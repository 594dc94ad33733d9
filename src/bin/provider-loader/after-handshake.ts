// The part of the provider loaded after the handshake line (scripts/build.mjs bundles it as
// dist/terraform-provider-konnect.after-handshake.cjs): the gRPC server, the implementation and
// GetProviderSchema's answer encoded at build time. The start bundle (src/bin/terraform-provider-konnect.ts)
// holds only what the handshake line needs, so the V8 code cache a provider process deserialises
// before that line is small; this part's cache is read while Terraform connects.
import { KonnectProvider } from '../../provider/index.js';
import { startServing } from '../../tfplugin/serving.js';

/** GetProviderSchema's answer in base64; scripts/build.mjs provides the module in the bundle. */
function providerSchemaBase64(): string {
  return (require('konnect-provider-schema') as () => string)();
}

export const afterHandshake = { startServing, KonnectProvider, providerSchemaBase64 };
export type AfterHandshake = typeof afterHandshake;
