// The gRPC services a go-plugin host talks to, on an HTTP/2 server (TLS with the host's
// certificate as the only client CA, or plaintext): tfplugin6.Provider, plugin.GRPCController,
// plugin.GRPCStdio, plugin.GRPCBroker and grpc.health.v1.Health. serve.ts loads this module after
// the handshake line is out and hands it the connections its listener accepted.
import { createSecureServer, createServer, type Http2SecureServer, type Http2Server } from 'node:http2';
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../common/index.js';
import { serviceDefinitions } from './grpc/descriptor.js';
import { GrpcServer } from './grpc/server.js';
import type { PrecomputedAnswers } from './precomputed.js';
import { providerService } from './rpc/provider-service.js';
import { brokerService, controllerService, healthService, stdioService } from './services/go-plugin.js';
import type { ProviderServer } from './types/index.js';

export interface ServingOptions {
  readonly log: Logger;
  /** The implementation, loaded by the first RPC that needs it. */
  readonly server: () => Promise<ProviderServer>;
  /** Server key and certificate, and the host's certificate (the only CA a client may use); none: plaintext. */
  readonly tls?: { readonly keyPem: string; readonly certPem: string; readonly clientCertPem: string };
  readonly precomputed?: PrecomputedAnswers;
  /** Shutdown was asked for (controller): end the process. */
  readonly onShutdown: () => void;
  /** Aborted when the process shuts down: ends the long-lived streams. */
  readonly shuttingDown: AbortSignal;
}

export interface Serving {
  /** Serves a connection accepted by the listener (not yet read from). */
  accept(socket: Socket): void;
  /** GOAWAY on every connection; resolves once their calls are answered and they closed. */
  shutdown(): Promise<void>;
}

// Terraform sends and accepts messages up to MaxInt32; node:http2 limits header lists only.
// A 1 MiB stream window lets a large request (a plan of a big resource) arrive without waiting
// for window updates.
const SETTINGS = { initialWindowSize: 1 << 20 };

export async function startServing(options: ServingOptions): Promise<Serving> {
  const { log } = options;
  const defs = await serviceDefinitions();
  const grpc = new GrpcServer(log);
  // StopProvider aborts the work in flight; later calls get a fresh signal (as terraform-plugin-go does).
  let stop = new AbortController();
  const onStop = () => {
    stop.abort();
    stop = new AbortController();
  };
  grpc.addService(
    defs['tfplugin6.Provider'],
    providerService({ server: options.server, log, stopSignal: () => stop.signal, onStop, ...(options.precomputed ? { precomputed: options.precomputed } : {}) }),
  );
  grpc.addService(defs['plugin.GRPCController'], controllerService(log, options.onShutdown));
  grpc.addService(defs['plugin.GRPCStdio'], stdioService(options.shuttingDown));
  grpc.addService(defs['plugin.GRPCBroker'], brokerService(options.shuttingDown));
  grpc.addService(defs['grpc.health.v1.Health'], healthService(options.shuttingDown));

  let http2: Http2Server | Http2SecureServer;
  if (options.tls) {
    // The host's certificate is checked here, not by OpenSSL against `ca`: on Node 20 any `ca` (and
    // no `ca` at all) makes the context build Node's root certificate store first — ~140 bundled
    // roots parsed, 70–80 ms of every provider process here (`tls.createSecureContext`: 80 ms with
    // `ca`, 4 ms with `ca: []`), for a store this server never uses. With an empty list OpenSSL
    // trusts nothing, so the handshake asks for a client certificate without judging it; the
    // handshake itself proves the client holds the key of the certificate it presented, and a
    // connection whose certificate is not exactly the host's is closed before any HTTP/2 frame is
    // read (go-plugin trusts only that self-signed certificate too).
    const hostCertificate = new X509Certificate(options.tls.clientCertPem).raw;
    http2 = createSecureServer({
      key: options.tls.keyPem,
      cert: options.tls.certPem,
      ca: [],
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
      settings: SETTINGS,
    });
    http2.on('tlsClientError', (err: Error) => log.debug('TLS handshake refused', { error_type: err.name }));
    // Registered before the gRPC server's own listener (attach below): a refused session is gone
    // before anything could read a stream from it.
    http2.on('session', (session) => {
      if (isHostCertificate(session.socket as TLSSocket, hostCertificate)) return;
      log.debug('TLS client refused: not the host\'s certificate');
      session.destroy();
    });
  } else {
    http2 = createServer({ settings: SETTINGS });
  }
  grpc.attach(http2);
  return {
    // The HTTP/2 server never listens itself: tls.Server/net.Server take a connection from 'connection'.
    // A TLS socket reads by itself; a plaintext session takes the socket's handle over, which
    // then has to start reading (the listener accepted it paused).
    accept: (socket) => {
      http2.emit('connection', socket);
      if (!options.tls) socket.resume();
    },
    shutdown: () => grpc.shutdown(),
  };
}

/** The TLS peer presented exactly `expected` (DER) — a certificate the handshake proved it holds the key of. */
export function isHostCertificate(socket: Pick<TLSSocket, 'getPeerCertificate'>, expected: Buffer): boolean {
  const presented = socket.getPeerCertificate(false) as { raw?: Buffer } | null;
  return presented?.raw !== undefined && presented.raw.equals(expected);
}
