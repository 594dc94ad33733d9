// The tfplugin6.Provider service implementation handed to the gRPC server: every RPC of protocol 6.8.
// Ephemeral resources and functions are not offered by this provider (its schema declares
// none), so Terraform never calls them; if something does, it gets a clear diagnostic.
import type { PRequest, PResponse } from '../grpc/proto-messages.js';
import type { ServiceHandlers, UnaryHandler } from '../grpc/server.js';
import { diagnostics } from '../to-proto/diagnostics.js';
import { unaryHandler, type HandlerEnv, type RpcSpec } from './handler.js';
import { notImplemented } from './not-implemented.js';
import * as provider from './provider-rpcs.js';
import * as resource from './resource-rpcs.js';
import * as dataSource from './data-source-rpcs.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const SPECS: readonly RpcSpec<any, any>[] = [
  provider.getMetadata,
  provider.getProviderSchema,
  provider.validateProviderConfig,
  provider.configureProvider,
  provider.stopProvider,
  resource.validateResourceConfig,
  resource.upgradeResourceState,
  resource.readResource,
  resource.planResourceChange,
  resource.applyResourceChange,
  resource.importResourceState,
  resource.moveResourceState,
  dataSource.validateDataResourceConfig,
  dataSource.readDataSource,
];

function fixed(answer: (req: PRequest) => PResponse): UnaryHandler {
  return (call) => answer(call.request);
}

const typeName = (req: PRequest): string => (typeof req.type_name === 'string' ? req.type_name : '');
const ephemeral = (rpc: string) => fixed((req) => ({ diagnostics: diagnostics(notImplemented(rpc, typeName(req), 'Ephemeral resource').diagnostics) }));

/** An answer encoded ahead of time (the same bytes every call; the implementation is not asked). */
function precomputed(rpc: string, bytes: () => Uint8Array, env: HandlerEnv): UnaryHandler {
  let answer: Uint8Array | undefined;
  return () => {
    env.log.trace('received RPC', { rpc });
    answer ??= bytes();
    env.log.trace('served RPC', { rpc, precomputed: true });
    return answer;
  };
}

export function providerService(env: HandlerEnv): ServiceHandlers {
  const impl: Record<string, UnaryHandler> = {};
  for (const spec of SPECS) impl[spec.name] = unaryHandler(spec, env);
  const schema = env.precomputed?.GetProviderSchema;
  if (schema) impl.GetProviderSchema = precomputed('GetProviderSchema', schema, env);
  impl.ValidateEphemeralResourceConfig = ephemeral('ValidateEphemeralResourceConfig');
  impl.OpenEphemeralResource = ephemeral('OpenEphemeralResource');
  impl.RenewEphemeralResource = ephemeral('RenewEphemeralResource');
  impl.CloseEphemeralResource = ephemeral('CloseEphemeralResource');
  impl.GetFunctions = fixed(() => ({ functions: {}, diagnostics: [] }));
  impl.CallFunction = fixed((req) => ({
    error: { text: `This provider defines no functions; "${String(req.name ?? '')}" does not exist.` },
  }));
  return impl;
}
