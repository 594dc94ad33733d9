// A gRPC server on node:http2, as much of gRPC as a go-plugin host uses: unary calls, one
// server-streaming and one bidirectional stream (go-plugin's stdio, broker and health watch),
// status codes and messages in trailers, cancellation when the client resets a stream.
//
// Why not @grpc/grpc-js's server: the provider starts 3–4 times per Terraform command, and
// grpc-js loaded ~55 ms of modules (its own, plus zlib, dns, http2, tls) before it could listen,
// then ran its channelz/filter/metadata machinery on every call — bench/handshake.bench.ts and
// bench/terraform-plan.bench.ts measured both. What is left is small: HTTP/2 (node:http2 does
// framing, flow control, TLS, pings), the 5-byte message prefix (frames.ts) and the status trailers.
// Tests talk to this server with grpc-js's client (src/testing) and Terraform with grpc-go.
import type { Http2SecureServer, Http2Server, Http2Session, IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import type { Logger } from '../../common/index.js';
import type { PRequest, PResponse } from './proto-messages.js';
import { CompressedMessageError, frameMessage, MessageReader } from './frames.js';

/** The gRPC status codes this server answers with. */
export const Status = { OK: 0, CANCELLED: 1, UNKNOWN: 2, NOT_FOUND: 5, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14 } as const;

/** Thrown by a handler to answer with a gRPC status instead of a message. */
export class GrpcStatusError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(details);
    this.name = 'GrpcStatusError';
  }
}

/** One RPC's codec and shape (descriptor.ts builds these from the proto definitions). */
export interface MethodDefinition {
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  requestDeserialize(bytes: Buffer): object;
  /** Bytes (Uint8Array) are an answer encoded ahead of time and are sent as they are. */
  responseSerialize(message: object): Buffer;
}

interface CallBase {
  /** Aborted when the client cancels the call or the connection goes away. */
  readonly signal: AbortSignal;
}
export interface UnaryCall extends CallBase {
  readonly request: PRequest;
}
/** Answers with a message, or with bytes encoded ahead of time; a GrpcStatusError answers with its status. */
export type UnaryHandler = (call: UnaryCall) => Promise<PResponse | Uint8Array> | PResponse | Uint8Array;

export interface StreamingCall extends CallBase {
  /** The request of a server-streaming call; undefined for a bidirectional one (see onMessage). */
  readonly request: PRequest | undefined;
  write(message: PResponse): void;
  /** Ends the call with status OK (again: nothing). */
  end(): void;
  /** Bidirectional calls: each message the client sends. */
  onMessage(listener: (message: PRequest) => void): void;
  /** Bidirectional calls: the client has sent its last message. */
  onHalfClose(listener: () => void): void;
}
export type StreamingHandler = (call: StreamingCall) => void;

export type ServiceHandlers = Readonly<Record<string, UnaryHandler | StreamingHandler>>;

interface Route {
  readonly method: MethodDefinition;
  readonly handler: UnaryHandler | StreamingHandler;
  readonly name: string;
}

/** grpc-message is percent-encoded UTF-8 (PROTOCOL-HTTP2.md): printable ASCII but '%' as is. */
export function percentEncode(message: string): string {
  let out = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    out += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const RESPONSE_HEADERS = { ':status': 200, 'content-type': 'application/grpc' };

/**
 * A call's cancellation signal, made only when a handler reads it: most unary calls never do, and
 * an AbortController per call, aborted when its stream closes, showed in profiles (aborting makes a
 * DOMException with a stack). A unary call whose answer went out is not cancelled by its stream
 * closing (a unary call sends headers only with its answer; streams with their first message).
 */
class CallCancellation {
  private controller: AbortController | undefined;
  private cancelled = false;

  constructor(
    stream: ServerHttp2Stream,
    private readonly unary: boolean,
  ) {
    stream.once('close', () => {
      if (this.unary && stream.headersSent) return;
      this.cancelled = true;
      this.controller?.abort();
    });
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.cancelled) this.controller.abort();
    }
    return this.controller.signal;
  }

  unaryCall(request: PRequest): UnaryCall {
    const self = this;
    return {
      request,
      get signal() {
        return self.signal;
      },
    };
  }
}
const OK_TRAILERS = { 'grpc-status': '0' };

export class GrpcServer {
  private readonly routes = new Map<string, Route>();
  private readonly sessions = new Set<Http2Session>();

  constructor(private readonly log: Logger) {}

  /** Serves `handlers` (by method name) of a service; its other methods answer UNIMPLEMENTED. */
  addService(definition: Readonly<Record<string, MethodDefinition>>, handlers: ServiceHandlers): void {
    for (const [name, handler] of Object.entries(handlers)) {
      const method = definition[name];
      if (!method) throw new TypeError(`the service has no method ${name}`);
      this.routes.set(method.path, { method, handler, name });
    }
  }

  /** Takes the streams of an HTTP/2 server (plaintext or TLS). */
  attach(server: Http2Server | Http2SecureServer): void {
    server.on('session', (session: Http2Session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
      // A peer that goes away mid-call is normal (Terraform killed, Ctrl-C): never a crash.
      session.on('error', (err: Error) => this.log.debug('gRPC connection error', { error_type: err.name }));
    });
    server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => this.onStream(stream, headers));
  }

  /**
   * Graceful shutdown: GOAWAY on every connection, which close once their calls are answered.
   * Resolves when all have closed.
   */
  shutdown(): Promise<void> {
    const open = [...this.sessions];
    return Promise.all(open.map((s) => new Promise<void>((resolve) => (s.closed ? resolve() : s.close(() => resolve()))))).then(() => undefined);
  }

  private onStream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    stream.on('error', (err: Error) => this.log.debug('gRPC stream error', { error_type: err.name }));
    const path = headers[':path'] ?? '';
    const route = headers[':method'] === 'POST' ? this.routes.get(path) : undefined;
    if (!route) {
      this.fail(stream, Status.UNIMPLEMENTED, `unknown method ${path}`);
      return;
    }
    const { method } = route;
    const cancel = new CallCancellation(stream, !method.requestStream && !method.responseStream);
    const reader = new MessageReader();
    const messages: Buffer[] = [];
    const decode = (bytes: Buffer): PRequest | undefined => {
      try {
        return method.requestDeserialize(bytes) as PRequest;
      } catch (err) {
        this.fail(stream, Status.INTERNAL, `cannot decode the ${route.name} request (${err instanceof Error ? err.name : typeof err})`);
        return undefined;
      }
    };

    if (method.requestStream) {
      // Bidirectional (go-plugin's broker): the handler starts now; messages as they come.
      const onMessage: ((m: PRequest) => void)[] = [];
      const onHalfClose: (() => void)[] = [];
      stream.on('data', (chunk: Buffer) => {
        let got: Buffer[];
        try {
          got = reader.push(chunk);
        } catch (err) {
          this.fail(stream, Status.UNIMPLEMENTED, (err as Error).message);
          return;
        }
        for (const bytes of got) {
          const m = decode(bytes);
          if (m) for (const l of onMessage) l(m);
        }
      });
      stream.on('end', () => onHalfClose.forEach((l) => l()));
      (route.handler as StreamingHandler)(this.streamingCall(stream, method, cancel.signal, undefined, onMessage, onHalfClose));
      return;
    }

    let unreadable = false;
    stream.on('data', (chunk: Buffer) => {
      if (unreadable) return;
      try {
        messages.push(...reader.push(chunk));
      } catch (err) {
        unreadable = true;
        this.fail(stream, err instanceof CompressedMessageError ? Status.UNIMPLEMENTED : Status.INTERNAL, (err as Error).message);
      }
    });
    stream.on('end', () => {
      if (unreadable || stream.headersSent || stream.destroyed) return;
      if (messages.length !== 1 || reader.pending > 0) {
        this.fail(stream, Status.INTERNAL, `${route.name} expects exactly one request message, got ${messages.length}`);
        return;
      }
      const request = decode(messages[0]!);
      if (!request) return;
      if (method.responseStream) {
        (route.handler as StreamingHandler)(this.streamingCall(stream, method, cancel.signal, request, [], []));
        return;
      }
      this.unary(stream, route, cancel.unaryCall(request));
    });
  }

  private unary(stream: ServerHttp2Stream, route: Route, call: UnaryCall): void {
    let answer: ReturnType<UnaryHandler>;
    try {
      answer = (route.handler as UnaryHandler)(call);
    } catch (err) {
      this.failFrom(stream, route, err);
      return;
    }
    Promise.resolve(answer).then(
      (res) => {
        if (stream.destroyed || stream.closed) return;
        let bytes: Buffer;
        try {
          bytes = route.method.responseSerialize(res);
        } catch (err) {
          this.failFrom(stream, route, err);
          return;
        }
        stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
        stream.once('wantTrailers', () => stream.sendTrailers(OK_TRAILERS));
        stream.end(frameMessage(bytes));
      },
      (err: unknown) => this.failFrom(stream, route, err),
    );
  }

  private streamingCall(
    stream: ServerHttp2Stream,
    method: MethodDefinition,
    signal: AbortSignal,
    request: PRequest | undefined,
    onMessage: ((m: PRequest) => void)[],
    onHalfClose: (() => void)[],
  ): StreamingCall {
    const start = () => {
      if (stream.headersSent) return;
      stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers(OK_TRAILERS));
    };
    return {
      request,
      signal,
      write: (message) => {
        if (stream.destroyed || stream.closed || stream.writableEnded) return;
        start();
        stream.write(frameMessage(method.responseSerialize(message)));
      },
      end: () => {
        if (stream.destroyed || stream.closed || stream.writableEnded) return;
        start();
        stream.end();
      },
      onMessage: (l) => onMessage.push(l),
      onHalfClose: (l) => onHalfClose.push(l),
    };
  }

  /** A handler threw: its status if it chose one, INTERNAL (without the message) otherwise. */
  private failFrom(stream: ServerHttp2Stream, route: Route, err: unknown): void {
    if (err instanceof GrpcStatusError) {
      this.fail(stream, err.code, err.details);
      return;
    }
    this.log.error('gRPC handler failed', { rpc: route.name, error_type: err instanceof Error ? err.name : typeof err });
    this.fail(stream, Status.INTERNAL, `${route.name} failed in the provider (${err instanceof Error ? err.name : typeof err}); see the provider log`);
  }

  /** Ends the call with a status: trailers-only before anything was sent, trailers after. */
  private fail(stream: ServerHttp2Stream, code: number, message: string): void {
    if (stream.destroyed || stream.closed) return;
    const status = { 'grpc-status': String(code), 'grpc-message': percentEncode(message) };
    if (!stream.headersSent) {
      stream.respond({ ...RESPONSE_HEADERS, ...status }, { endStream: true });
      return;
    }
    if (stream.writableEnded) return;
    stream.removeAllListeners('wantTrailers');
    stream.once('wantTrailers', () => stream.sendTrailers(status));
    stream.end();
  }
}
