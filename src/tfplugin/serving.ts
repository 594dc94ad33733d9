// The gRPC services a go-plugin host talks to, on an HTTP/2 server (TLS with the host's
// certificate as the only client CA, or plaintext): tfplugin6.Provider, plugin.GRPCController,
// plugin.GRPCStdio, plugin.GRPCBroker and grpc.health.v1.Health. serve.ts loads this module after
// the handshake line is out and hands it the connections its listener accepted.
import { createSecureServer, createServer, type Http2SecureServer, type Http2Server } from 'node:http2';
import type { Socket } from 'node:net';
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
    http2 = createSecureServer({
      key: options.tls.keyPem,
      cert: options.tls.certPem,
      ca: options.tls.clientCertPem,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      settings: SETTINGS,
    });
    // A client without the host's certificate: refused during the TLS handshake.
    http2.on('tlsClientError', (err: Error) => log.debug('TLS handshake refused', { error_type: err.name }));
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
