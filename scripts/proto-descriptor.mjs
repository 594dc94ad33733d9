// Parses proto/*.proto once, at build time, into protobufjs' JSON descriptor — the form
// @grpc/proto-loader's fromJSON() loads without a parser. Uses the protobufjs that
// proto-loader itself depends on, so the descriptor matches what it expects.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const PROTO_FILES = ['tfplugin6.proto', 'go_plugin.proto', 'health.proto'];

export function protoDescriptor() {
  const requireFromLoader = createRequire(createRequire(import.meta.url).resolve('@grpc/proto-loader'));
  const protobuf = requireFromLoader('protobufjs');
  const dir = fileURLToPath(new URL('../proto/', import.meta.url));
  const root = new protobuf.Root();
  root.loadSync(PROTO_FILES.map((f) => dir + f), { keepCase: true });
  root.resolveAll();
  return root.toJSON();
}
