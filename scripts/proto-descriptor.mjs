// Parses proto/*.proto once, at build time, into protobufjs' JSON descriptor — the form
// src/tfplugin/grpc/descriptor.ts loads with protobufjs/light (no parser at run time).
import protobuf from 'protobufjs';
import { fileURLToPath } from 'node:url';

const PROTO_FILES = ['tfplugin6.proto', 'go_plugin.proto', 'health.proto'];

export function protoDescriptor() {
  const dir = fileURLToPath(new URL('../proto/', import.meta.url));
  const root = new protobuf.Root();
  root.loadSync(PROTO_FILES.map((f) => dir + f), { keepCase: true });
  root.resolveAll();
  return root.toJSON();
}
