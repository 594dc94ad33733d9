// Builds the protobuf codecs at build time. protobufjs generates each message type's encoder,
// decoder, converters and constructor with `new Function` on first use — 15–34 ms on a provider's
// first GetProviderSchema, and code a V8 code cache cannot hold. Here the same generators run once
// at build time on the same descriptor; the bundle gets their source as plain functions
// (src/tfplugin/grpc/descriptor.ts installs them; a type not listed keeps protobufjs's lazy setup).
import protobuf from 'protobufjs';
import { protoDescriptor } from './proto-descriptor.mjs';

function types(ns, out = []) {
  for (const child of ns.nestedArray ?? []) {
    if (child instanceof protobuf.Type) out.push(child);
    if (child.nestedArray) types(child, out);
  }
  return out;
}

/** JavaScript source of an object: full type name → { c, e, d, f, t } factories. */
export function protoCodecsSource() {
  const root = protobuf.Root.fromJSON(protoDescriptor());
  root.resolveAll();
  const entries = [];
  for (const type of types(root)) {
    if (protobuf.wrappers[type.fullName]) continue; // protobufjs wraps these at setup: keep its lazy path
    type.setup(); // resolves what the generators read, exactly as at run time
    const ctor = protobuf.Type.generateConstructor(type).toString();
    const enc = protobuf.encoder(type).toString();
    const dec = protobuf.decoder(type).toString();
    const from = protobuf.converter.fromObject(type).toString();
    const to = protobuf.converter.toObject(type).toString();
    entries.push(
      `${JSON.stringify(type.fullName)}:{` +
        `c:function(){return ${ctor}},` +
        `e:function(Writer,types,util){return ${enc}},` +
        `d:function(Reader,types,util,C){return ${dec}},` +
        `f:function(types,util,C){return ${from}},` +
        `t:function(types,util){return ${to}}}`,
    );
  }
  return `({${entries.join(',\n')}})`;
}
