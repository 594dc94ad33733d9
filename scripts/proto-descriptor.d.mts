import type { INamespace } from 'protobufjs';
/** proto/*.proto parsed into protobufjs' JSON descriptor. */
export function protoDescriptor(): INamespace;
