// Answers encoded ahead of time. GetProviderSchema's request has no fields, so its answer is a
// constant of the provider's code — ~1 MB of protobuf for 118 resource types, which took a
// provider process ~1 s to build (every schema compiled) and ~0.1 s to encode. The provider's
// build (scripts/build.mjs → scripts/provider-schema-bytes.ts) encodes it once with
// encodeGetProviderSchemaResponse; serve() answers with those bytes, and resources compile their
// schemas only when an RPC about them arrives.
import { serviceDefinitions } from './grpc/descriptor.js';
import { getProviderSchemaResponse } from './to-proto/index.js';
import type { GetProviderSchemaResponse } from './types/index.js';

/** RPCs whose answer does not depend on the request, as protobuf bytes (built when first asked for). */
export interface PrecomputedAnswers {
  readonly GetProviderSchema?: () => Uint8Array;
}

/** The tfplugin6.GetProviderSchema.Response message for `res`, as bytes on the wire. */
export async function encodeGetProviderSchemaResponse(res: GetProviderSchemaResponse): Promise<Buffer> {
  const defs = await serviceDefinitions();
  return defs['tfplugin6.Provider'].GetProviderSchema!.responseSerialize(getProviderSchemaResponse(res));
}
