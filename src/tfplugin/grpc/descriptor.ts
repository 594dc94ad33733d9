// The protobuf definitions of every service we serve, as a grpc-js package definition.
// The bundle (scripts/build.mjs) embeds a JSON descriptor precompiled from proto/*.proto, so a
// provider start skips parsing .proto text; from source (tests, tsx) the files are parsed.
import { fromJSON, loadSync, type Options, type PackageDefinition } from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';

/** The proto files, relative to proto/. */
export const PROTO_FILES = ['tfplugin6.proto', 'go_plugin.proto', 'health.proto'] as const;

/** Field names as in the proto, int64 as JS numbers (versions, list indexes), enums as names. */
export const LOADER_OPTIONS: Options = { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true };

declare const __TFPLUGIN_PROTO_DESCRIPTOR__: Parameters<typeof fromJSON>[0] | undefined;

export function loadPackageDefinition(): PackageDefinition {
  if (typeof __TFPLUGIN_PROTO_DESCRIPTOR__ !== 'undefined') return fromJSON(__TFPLUGIN_PROTO_DESCRIPTOR__, LOADER_OPTIONS);
  const dir = fileURLToPath(new URL('../../../proto/', import.meta.url));
  return loadSync(PROTO_FILES.map((f) => dir + f), LOADER_OPTIONS);
}
