// gRPC service definitions for every service we serve, built from our proto/ files: each method's
// path, shape and codecs, both directions (the server decodes requests and encodes responses; the
// tests' grpc-js client, src/testing, the other way round).
//
// Startup is on Terraform's critical path, so two things are done differently from
// @grpc/proto-loader (measured with bench/handshake.bench.ts and the `startup_ms` debug line):
// - the bundle embeds the protobufjs JSON descriptor precompiled by scripts/build.mjs, so no
//   .proto text is parsed at run time (from source, tests parse proto/ instead);
// - the definitions are built directly from protobufjs reflection. proto-loader's
//   createPackageDefinition also serialises a FileDescriptorProto per file and a
//   DescriptorProto per message for gRPC reflection, which we do not offer; that step alone
//   cost more than the rest of the start-up path.
// Encoding and decoding stay protobufjs's (Type.fromObject/encode, decode/toObject), with the
// conversion options proto-loader would apply for LOADER_OPTIONS. In the bundle those functions
// come precompiled (scripts/proto-codecs.mjs) instead of protobufjs's `new Function` on first use.
import protobuf from 'protobufjs/light.js';
import type { MethodDefinition } from './server.js';
import { fileURLToPath } from 'node:url';

/** The proto files, relative to proto/. */
export const PROTO_FILES = ['tfplugin6.proto', 'go_plugin.proto', 'health.proto'] as const;

/** Field names as in the proto, int64 as JS numbers (versions, list indexes), enums as names. */
export const CONVERSION_OPTIONS: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: true, oneofs: true };

/** Fully qualified names of the services we serve. */
export type ServiceName =
  | 'tfplugin6.Provider'
  | 'plugin.GRPCController'
  | 'plugin.GRPCStdio'
  | 'plugin.GRPCBroker'
  | 'grpc.health.v1.Health';
const SERVICES: readonly ServiceName[] = [
  'tfplugin6.Provider',
  'plugin.GRPCController',
  'plugin.GRPCStdio',
  'plugin.GRPCBroker',
  'grpc.health.v1.Health',
];

// Both set by scripts/build.mjs for the bundle; `typeof` guards keep source runs working.
declare const __TFPLUGIN_BUNDLED__: boolean | undefined;
declare const __TFPLUGIN_PROTO_DESCRIPTOR__: protobuf.INamespace;

/** A message type's codec factories, as scripts/proto-codecs.mjs writes them. */
interface CodecFactories {
  c(): protobuf.Constructor<object>;
  e(writer: typeof protobuf.Writer, types: unknown[], util: typeof protobuf.util): protobuf.Type['encode'];
  d(reader: typeof protobuf.Reader, types: unknown[], util: typeof protobuf.util, ctor: unknown): protobuf.Type['decode'];
  f(types: unknown[], util: typeof protobuf.util, ctor: unknown): protobuf.Type['fromObject'];
  t(types: unknown[], util: typeof protobuf.util): protobuf.Type['toObject'];
}

/**
 * Makes each type's setup (which protobufjs runs on the type's first encode/decode/conversion)
 * install the precompiled codecs instead of generating them: nothing is done at start-up for
 * types a process never uses.
 */
export function installPrecompiledCodecs(root: protobuf.Root, codecs: Record<string, CodecFactories>): number {
  let n = 0;
  for (const [name, c] of Object.entries(codecs)) {
    const type = root.lookupType(name);
    type.setup = function setupPrecompiled(this: protobuf.Type) {
      const types = type.fieldsArray.map((f) => f.resolve().resolvedType);
      type.ctor = c.c();
      type.encode = c.e(protobuf.Writer, types, protobuf.util);
      type.decode = c.d(protobuf.Reader, types, protobuf.util, type.ctor);
      type.fromObject = c.f(types, protobuf.util, type.ctor);
      type.toObject = c.t(types, protobuf.util);
      return type;
    };
    n++;
  }
  return n;
}

/** Parses proto/ with the full protobufjs (source runs only; the bundle never reaches this). */
async function parseProtoFiles(): Promise<protobuf.INamespace> {
  const full = (await import('protobufjs')).default;
  const dir = fileURLToPath(new URL('../../../proto/', import.meta.url));
  const root = new full.Root();
  root.loadSync(PROTO_FILES.map((f) => dir + f), { keepCase: true });
  return root.toJSON();
}

/** A method with its codecs in both directions (the shape grpc-js's client takes too). */
export interface CodecMethodDefinition extends MethodDefinition {
  readonly originalName: string;
  requestSerialize(message: object): Buffer;
  responseDeserialize(bytes: Buffer): object;
}
export type ServiceDefinition = Readonly<Record<string, CodecMethodDefinition>>;

function serviceDefinition(root: protobuf.Root, fullName: string): ServiceDefinition {
  const service = root.lookupService(fullName);
  const def: Record<string, CodecMethodDefinition> = {};
  for (const method of service.methodsArray) {
    const req = method.resolvedRequestType!;
    const res = method.resolvedResponseType!;
    def[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: (o: object) => Buffer.from(req.encode(req.fromObject(o)).finish()),
      requestDeserialize: (b: Buffer) => req.toObject(req.decode(b), CONVERSION_OPTIONS),
      // Bytes are an answer encoded ahead of time (../precomputed.ts), sent as they are.
      responseSerialize: (o: object) =>
        o instanceof Uint8Array ? Buffer.from(o.buffer, o.byteOffset, o.byteLength) : Buffer.from(res.encode(res.fromObject(o)).finish()),
      responseDeserialize: (b: Buffer) => res.toObject(res.decode(b), CONVERSION_OPTIONS),
      originalName: method.name,
    };
  }
  return def;
}

let cached: Promise<Record<ServiceName, ServiceDefinition>> | undefined;

/** Service name → service definition (built once per process). */
export function serviceDefinitions(): Promise<Record<ServiceName, ServiceDefinition>> {
  cached ??= (async () => {
    // esbuild folds the constant and drops the parser branch (and protobufjs's parser) from the bundle.
    const json = typeof __TFPLUGIN_BUNDLED__ !== 'undefined' && __TFPLUGIN_BUNDLED__ ? __TFPLUGIN_PROTO_DESCRIPTOR__ : await parseProtoFiles();
    const root = protobuf.Root.fromJSON(json);
    root.resolveAll();
    // KONNECT_BENCH_PROTOBUF_CODEGEN=1: protobufjs's run-time codegen, bench/handshake.bench.ts's "before".
    if (typeof __TFPLUGIN_BUNDLED__ !== 'undefined' && __TFPLUGIN_BUNDLED__ && process.env.KONNECT_BENCH_PROTOBUF_CODEGEN !== '1') {
      // A module scripts/build.mjs provides to the bundle only (its source is generated at build time).
      installPrecompiledCodecs(root, require('tfplugin-proto-codecs') as Record<string, CodecFactories>);
    }
    return Object.fromEntries(SERVICES.map((name) => [name, serviceDefinition(root, name)])) as Record<ServiceName, ServiceDefinition>;
  })();
  return cached;
}
