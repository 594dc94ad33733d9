// to-proto/: the plain response types of ../types → protobuf response messages.
export * from './provider.js';
export * from './resource.js';
export * from './data-source.js';
export { diagnostic, diagnostics } from './diagnostics.js';
export { schema } from './schema.js';
