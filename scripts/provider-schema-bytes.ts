// Writes the provider's GetProviderSchema answer as protobuf bytes: scripts/build.mjs puts it beside
// the provider bundles (dist/terraform-provider-konnect.provider-schema.bin; an asset of the release
// executable), and the provider answers GetProviderSchema with it instead of compiling and encoding
// every schema in each process (src/tfplugin/precomputed.ts). Run from the sources the bundles are
// built from, in the same `make build`; a schema that does not compile fails here.
import { writeFileSync } from 'node:fs';
import { KonnectProvider } from '../src/provider/index.js';
import { encodeGetProviderSchemaResponse } from '../src/tfplugin/precomputed.js';

/** The encoded answer of the provider built from this checkout. */
export async function providerSchemaBytes(): Promise<Buffer> {
  const res = await new KonnectProvider({ env: {} }).getProviderSchema();
  if ([...(res.diagnostics ?? [])].length > 0) throw new Error(`GetProviderSchema answered with diagnostics: ${JSON.stringify(res.diagnostics)}`);
  return encodeGetProviderSchemaResponse(res);
}

// `--out <file>`: scripts/build.mjs runs this file (bundled) as a program.
const out = process.argv.indexOf('--out');
if (out > 0 && process.argv[out + 1]) writeFileSync(process.argv[out + 1]!, await providerSchemaBytes());
