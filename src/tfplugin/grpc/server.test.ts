// The gRPC server on node:http2, talked to by grpc-js's client (an independent implementation):
// message framing across chunk boundaries, statuses, handler failures, cancellation, streams.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Http2Server } from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { silentLogger } from '../../common/index.js';
import { serviceDefinitions, type ServiceDefinition } from './descriptor.js';
import { CompressedMessageError, frameMessage, MessageReader } from './frames.js';
import { GrpcServer, GrpcStatusError, percentEncode, Status, type StreamingCall, type UnaryCall } from './server.js';

test('frames: messages split across chunks, several in one chunk, empty ones; a compressed flag is refused', () => {
  const a = Buffer.from('first message');
  const b = Buffer.alloc(70_000, 7);
  const wire = Buffer.concat([frameMessage(a), frameMessage(Buffer.alloc(0)), frameMessage(b)]);
  for (const size of [1, 3, 5, 6, 1000, wire.length]) {
    const reader = new MessageReader();
    const got: Buffer[] = [];
    for (let i = 0; i < wire.length; i += size) got.push(...reader.push(wire.subarray(i, i + size)));
    assert.deepEqual(got, [a, Buffer.alloc(0), b], `chunks of ${size}`);
    assert.equal(reader.pending, 0);
  }
  const truncated = new MessageReader();
  assert.deepEqual(truncated.push(frameMessage(a).subarray(0, 8)), []);
  assert.equal(truncated.pending, 8);
  const compressed = frameMessage(a);
  compressed[0] = 1;
  assert.throws(() => new MessageReader().push(compressed), CompressedMessageError);
});

test('grpc-message is percent-encoded UTF-8', () => {
  assert.equal(percentEncode('plain text: ok'), 'plain text: ok');
  assert.equal(percentEncode('100% → done\n'), '100%25 %E2%86%92 done%0A');
});

let http2: Http2Server;
let address: string;
let defs: Record<string, ServiceDefinition>;
let client: grpc.Client & Record<string, (...args: unknown[]) => unknown>;
let health: grpc.Client & Record<string, (...args: unknown[]) => unknown>;
let cancelledSeen: Promise<void>;
const logged: string[] = [];

before(async () => {
  defs = await serviceDefinitions();
  const log = { ...silentLogger, error: (msg: string, fields?: object) => logged.push(`${msg} ${JSON.stringify(fields)}`) } as typeof silentLogger;
  const server = new GrpcServer(log);
  let sawCancel!: () => void;
  cancelledSeen = new Promise((resolve) => (sawCancel = resolve));
  server.addService(defs['tfplugin6.Provider']!, {
    GetMetadata: () => ({ resources: [{ type_name: 'konnect_x' }], diagnostics: [] }),
    GetProviderSchema: () => {
      throw new TypeError('secret-looking detail kpat_123');
    },
    ValidateProviderConfig: (call: UnaryCall) => new Promise<Record<string, unknown>>((resolve) => {
      call.signal.addEventListener('abort', () => {
        sawCancel();
        resolve({});
      });
    }),
    StopProvider: () => {
      throw new GrpcStatusError(Status.NOT_FOUND, 'nothing to stop → here');
    },
  });
  server.addService(defs['grpc.health.v1.Health']!, {
    Watch: (call: StreamingCall) => {
      call.write({ status: 'SERVING' });
      call.write({ status: 'NOT_SERVING' });
      call.end();
    },
  });
  http2 = createServer();
  server.attach(http2);
  await new Promise<void>((resolve) => http2.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(http2.address() as { port: number }).port}`;
  const make = (def: ServiceDefinition) =>
    new (grpc.makeGenericClientConstructor(def as unknown as grpc.ServiceDefinition, ''))(address, grpc.credentials.createInsecure()) as typeof client;
  client = make(defs['tfplugin6.Provider']!);
  health = make(defs['grpc.health.v1.Health']!);
});
after(() => {
  client.close();
  health.close();
  http2.close();
});

const unary = (method: string, req: object = {}) =>
  new Promise<Record<string, unknown>>((resolve, reject) =>
    (client[method] as (r: object, cb: (e: grpc.ServiceError | null, r: Record<string, unknown>) => void) => void).call(client, req, (e, r) => (e ? reject(e) : resolve(r))),
  );

test('a unary call is answered with its message', async () => {
  const res = await unary('GetMetadata');
  assert.deepEqual(res.resources, [{ type_name: 'konnect_x' }]);
});

test('a method without a handler is UNIMPLEMENTED', async () => {
  await assert.rejects(unary('ReadResource'), (err: grpc.ServiceError) => err.code === grpc.status.UNIMPLEMENTED && /ReadResource/.test(err.details));
});

test('a handler that throws: INTERNAL naming the RPC, not the message (which may hold secrets); logged', async () => {
  await assert.rejects(unary('GetProviderSchema'), (err: grpc.ServiceError) => {
    assert.equal(err.code, grpc.status.INTERNAL);
    assert.match(err.details, /GetProviderSchema failed in the provider \(TypeError\)/);
    assert.doesNotMatch(err.details, /kpat_123/);
    return true;
  });
  assert.ok(logged.some((l) => l.includes('GetProviderSchema') && !l.includes('kpat_123')));
});

test('a GrpcStatusError answers with its status and (decoded) message', async () => {
  await assert.rejects(unary('StopProvider'), (err: grpc.ServiceError) => err.code === grpc.status.NOT_FOUND && err.details === 'nothing to stop → here');
});

test('a call the client cancels aborts the handler\'s signal', async () => {
  const call = (client.ValidateProviderConfig as (r: object, cb: () => void) => grpc.ClientUnaryCall).call(client, {}, () => undefined);
  setTimeout(() => call.cancel(), 50);
  await cancelledSeen;
});

test('a server-streaming call delivers every message, then OK', async () => {
  const got: unknown[] = [];
  const stream = (health.Watch as (r: object) => grpc.ClientReadableStream<{ status: string }>).call(health, { service: 'plugin' });
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (m: { status: string }) => got.push(m.status));
    stream.on('status', (s: grpc.StatusObject) => (s.code === grpc.status.OK ? resolve() : reject(new Error(s.details))));
    stream.on('error', reject);
  });
  assert.deepEqual(got, ['SERVING', 'NOT_SERVING']);
});

test('a compressed request message is refused with UNIMPLEMENTED, and the server keeps serving', async () => {
  const { connect } = await import('node:http2');
  const session = connect(`http://${address}`);
  try {
    const body = frameMessage(Buffer.alloc(0));
    body[0] = 1; // compressed flag
    const status = await new Promise<string | undefined>((resolve, reject) => {
      const req = session.request({ ':method': 'POST', ':path': '/tfplugin6.Provider/GetMetadata', 'content-type': 'application/grpc', te: 'trailers' });
      let grpcStatus: string | undefined;
      req.on('response', (h) => (grpcStatus ??= h['grpc-status'] as string | undefined));
      req.on('trailers', (h) => (grpcStatus ??= h['grpc-status'] as string | undefined));
      req.on('close', () => resolve(grpcStatus));
      req.on('error', reject);
      req.end(body);
      req.resume();
    });
    assert.equal(status, String(grpc.status.UNIMPLEMENTED));
  } finally {
    session.close();
  }
  assert.deepEqual((await unary('GetMetadata')).resources, [{ type_name: 'konnect_x' }]);
});
