// The tfplugin6.Provider service implementation handed to grpc-js: every RPC of protocol 6.8.
// Ephemeral resources and functions are not offered by this provider (its schema declares
// none), so Terraform never calls them; if something does, it gets a clear diagnostic.
import type { UntypedHandleCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { PRequest, PResponse } from '../grpc/proto-messages.js';
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

function fixed(rpc: string, answer: (req: PRequest) => PResponse): UntypedHandleCall {
  return (call: { request: PRequest }, callback: (err: null, res: PResponse) => void) => callback(null, answer(call.request));
}

const typeName = (req: PRequest): string => (typeof req.type_name === 'string' ? req.type_name : '');
const ephemeral = (rpc: string) =>
  fixed(rpc, (req) => ({ diagnostics: diagnostics(notImplemented(rpc, typeName(req), 'Ephemeral resource').diagnostics) }));

/** An answer encoded ahead of time (the same bytes every call; the implementation is not asked). */
function precomputed(rpc: string, bytes: () => Uint8Array, env: HandlerEnv): UntypedHandleCall {
  let answer: Uint8Array | undefined;
  return (_call: unknown, callback: (err: null, res: Uint8Array) => void) => {
    env.log.trace('served RPC from precomputed bytes', { rpc });
    callback(null, (answer ??= bytes()));
  };
}

export function providerService(env: HandlerEnv): UntypedServiceImplementation {
  const impl: UntypedServiceImplementation = {};
  for (const spec of SPECS) impl[spec.name] = unaryHandler(spec, env);
  const schema = env.precomputed?.GetProviderSchema;
  if (schema) impl.GetProviderSchema = precomputed('GetProviderSchema', schema, env);
  impl.ValidateEphemeralResourceConfig = ephemeral('ValidateEphemeralResourceConfig');
  impl.OpenEphemeralResource = ephemeral('OpenEphemeralResource');
  impl.RenewEphemeralResource = ephemeral('RenewEphemeralResource');
  impl.CloseEphemeralResource = ephemeral('CloseEphemeralResource');
  impl.GetFunctions = fixed('GetFunctions', () => ({ functions: {}, diagnostics: [] }));
  impl.CallFunction = fixed('CallFunction', (req) => ({
    error: { text: `This provider defines no functions; "${String(req.name ?? '')}" does not exist.` },
  }));
  return impl;
}
