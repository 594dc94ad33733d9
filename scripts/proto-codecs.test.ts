// The precompiled protobuf codecs (scripts/proto-codecs.mjs, installed in the bundle by
// src/tfplugin/grpc/descriptor.ts) behave exactly as protobufjs's own generated ones: same bytes
// out, same objects back, for every message type and for rich messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { CONVERSION_OPTIONS, installPrecompiledCodecs } from '../src/tfplugin/grpc/descriptor.js';
import { protoCodecsSource } from './proto-codecs.mjs';
import { protoDescriptor } from './proto-descriptor.mjs';

function roots() {
  const generated = protobuf.Root.fromJSON(protoDescriptor());
  generated.resolveAll();
  const precompiled = protobuf.Root.fromJSON(protoDescriptor());
  precompiled.resolveAll();
  // eslint-disable-next-line no-eval
  const installed = installPrecompiledCodecs(precompiled, (0, eval)(protoCodecsSource()));
  return { generated, precompiled, installed };
}

function allTypes(ns: protobuf.NamespaceBase, out: protobuf.Type[] = []): protobuf.Type[] {
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type) out.push(child);
    if (child instanceof protobuf.Namespace) allTypes(child, out);
  }
  return out;
}

const roundTrip = (root: protobuf.Root, name: string, obj: object) => {
  const t = root.lookupType(name);
  const bytes = t.encode(t.fromObject(obj)).finish();
  return { bytes: Buffer.from(bytes), back: t.toObject(t.decode(bytes), CONVERSION_OPTIONS) };
};

test('every message type: precompiled and generated codecs agree on the empty message', () => {
  const { generated, precompiled, installed } = roots();
  const names = allTypes(generated).map((t) => t.fullName);
  assert.ok(installed >= names.length - 2, `${installed} of ${names.length} types precompiled`);
  for (const name of names) assert.deepEqual(roundTrip(precompiled, name, {}), roundTrip(generated, name, {}), name);
});

test('rich messages: schema, diagnostics with paths, dynamic values, int64, enums, maps and oneofs', () => {
  const { generated, precompiled } = roots();
  const cases: [string, object][] = [
    [
      '.tfplugin6.GetProviderSchema.Response',
      {
        provider: { version: 3, block: { version: 1, attributes: [{ name: 'server_url', type: Buffer.from('"string"'), optional: true, description: 'ü', sensitive: true }] } },
        resource_schemas: {
          konnect_gateway_service: {
            version: 0,
            block: { attributes: [{ name: 'config', nested_type: { nesting: 'SINGLE', attributes: [{ name: 'a', type: Buffer.from('"number"'), computed: true }] } }] },
          },
        },
        diagnostics: [{ severity: 'ERROR', summary: 's', detail: 'd', attribute: { steps: [{ attribute_name: 'x' }, { element_key_int: 12345678901 }, { element_key_string: 'k' }] } }],
        server_capabilities: { plan_destroy: false, get_provider_schema_optional: true },
      },
    ],
    [
      '.tfplugin6.ReadResource.Request',
      { type_name: 'konnect_gateway_control_plane', current_state: { msgpack: Buffer.from([0x81, 0xa2, 0x69, 0x64, 0xa1, 0x78]) }, private: Buffer.from('p'), client_capabilities: { deferral_allowed: true } },
    ],
  ];
  for (const [name, obj] of cases) {
    const a = roundTrip(precompiled, name, obj);
    const b = roundTrip(generated, name, obj);
    assert.ok(a.bytes.length > 10, name);
    assert.deepEqual(a, b, name);
  }
});
