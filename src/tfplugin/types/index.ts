// tfplugin/types: the plain request/response types of every tfplugin6 RPC, the schema shape,
// and the ProviderServer interface. No protobuf in here.
export type { DynamicValue, RawState } from './dynamic-value.js';
export { isNullDynamicValue } from './dynamic-value.js';
export type { ServerCapabilities, ClientCapabilities, Deferred, DeferredReason } from './capabilities.js';
export type {
  Schema,
  Block,
  Attribute,
  NestedAttributeObject,
  NestedBlock,
  ObjectNesting,
  BlockNesting,
  StringKind,
} from './schema.js';
export type * from './provider-rpcs.js';
export type * from './resource-rpcs.js';
export type * from './data-source-rpcs.js';
export type { ProviderServer, RpcContext, ProviderRpcName } from './provider-server.js';
