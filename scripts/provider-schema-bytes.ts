// Prints the provider's GetProviderSchema answer as protobuf bytes in base64: scripts/build.mjs
// embeds it into the provider bundle, which answers GetProviderSchema with it instead of compiling
// and encoding every schema in each process (src/tfplugin/precomputed.ts). Run from the sources
// the bundle is built from, in the same `make build`; a schema that does not compile fails here.
import { KonnectProvider } from '../src/provider/index.js';
import { encodeGetProviderSchemaResponse } from '../src/tfplugin/precomputed.js';

/** The encoded answer of the provider built from this checkout. */
export async function providerSchemaBytes(): Promise<Buffer> {
  const res = await new KonnectProvider({ env: {} }).getProviderSchema();
  if ([...(res.diagnostics ?? [])].length > 0) throw new Error(`GetProviderSchema answered with diagnostics: ${JSON.stringify(res.diagnostics)}`);
  return encodeGetProviderSchemaResponse(res);
}

// `--print`: scripts/build.mjs runs this file (bundled) as a program.
if (process.argv.includes('--print')) {
  process.stdout.write((await providerSchemaBytes()).toString('base64'));
}
