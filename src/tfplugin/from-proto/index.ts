// from-proto/: protobuf request messages → the plain request types of ../types.
export * from './provider.js';
export * from './resource.js';
export * from './data-source.js';
