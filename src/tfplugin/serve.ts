// Serves a ProviderServer the way go-plugin's Go server does for Terraform: cookie check,
// protocol negotiation, loopback-only listener, AutoMTLS, the handshake line, go-plugin's
// services, SIGINT ignored, Shutdown → exit. `--debug` serves plaintext for TF_REATTACH_PROVIDERS.
import type { ServerCredentials } from '@grpc/grpc-js';
import { X509Certificate } from 'node:crypto';
import { createRequire } from 'node:module';
import { loggerFromEnv, type Logger } from '../common/index.js';
import {
  CORE_PROTOCOL_VERSION,
  cookieMatches,
  formatHandshakeLine,
  negotiateProtocolVersion,
  NOT_A_PROGRAM_MESSAGE,
  USAGE_HINT,
} from './handshake/go-plugin-handshake.js';
import { reattachInstructions } from './handshake/reattach.js';
import type { PrecomputedAnswers } from './precomputed.js';
import type { ProviderServer } from './types/index.js';

export interface ServeOptions {
  /** Source address Terraform knows the provider by, e.g. registry.terraform.io/kong/konnect. */
  readonly providerAddress: string;
  /** Builds the implementation; started right after the handshake line, awaited by the first RPC. */
  readonly create: (log: Logger) => ProviderServer | Promise<ProviderServer>;
  /** Answers encoded ahead of time (GetProviderSchema's, made at build time), see precomputed.ts. */
  readonly precomputed?: PrecomputedAnswers;
  readonly argv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

const GRPC_OPTIONS = {
  // Terraform sends and accepts messages up to MaxInt32; grpc-js defaults to 4 MiB receive.
  'grpc.max_receive_message_length': -1,
  'grpc.max_send_message_length': -1,
  // No channelz (gRPC's introspection service, which we never serve): grpc-js otherwise keeps
  // per-call and per-session statistics and traces on every RPC.
  'grpc.enable_channelz': 0,
};

/** True in the release executable (a Node single executable application). */
function isSingleExecutable(): boolean {
  try {
    const load = typeof require === 'function' ? require : createRequire(import.meta.url);
    return (load('node:sea') as { isSea(): boolean }).isSea();
  } catch {
    return false;
  }
}

function fail(message: string): never {
  process.stderr.write(message);
  process.exit(1);
}

export async function serve(options: ServeOptions): Promise<void> {
  const argv = options.argv ?? process.argv.slice(2);
  const env = options.env ?? process.env;
  const debug = argv.includes('--debug');
  const unknownArgs = argv.filter((a) => a !== '--debug');
  if (unknownArgs.length > 0) fail(`terraform-provider-konnect: unknown argument ${unknownArgs[0]}\n${USAGE_HINT}`);

  if (!debug && !cookieMatches(env)) fail(NOT_A_PROGRAM_MESSAGE + USAGE_HINT);
  const negotiated = debug ? { version: 6 } : negotiateProtocolVersion(env);
  if ('error' in negotiated) fail(negotiated.error);

  const log = (debug && !env.TF_LOG && !env.TF_LOG_PROVIDER ? loggerFromEnv({ TF_LOG: 'debug' }) : loggerFromEnv(env)).child({
    '@module': 'konnect',
  });
  // Ctrl-C in Terraform's terminal reaches the provider too (same process group); Terraform
  // then cancels work with StopProvider. Ignored from the first moment, as go-plugin does.
  if (!debug) process.on('SIGINT', () => log.info('plugin received interrupt signal, ignoring'));
  // The implementation loads right after the handshake line is out: the host needs a few
  // milliseconds to connect anyway, and the handshake is what it waits for.
  let startCreate!: () => void;
  const server = new Promise<ProviderServer>((resolve, reject) => {
    startCreate = () => setImmediate(() => Promise.resolve().then(() => options.create(log)).then(resolve, reject));
  });
  // Reported to Terraform by the first RPC that awaits it (an error diagnostic).
  server.catch((err: unknown) => log.error('the provider implementation failed to load', { error_type: err instanceof Error ? err.name : typeof err }));

  const marks: Record<string, number> = { serve: performance.now() };
  const [grpc, { serviceDefinitions }, { createSelfSignedCertificate }, services, { providerService }] = await Promise.all([
    import('@grpc/grpc-js'),
    import('./grpc/descriptor.js'),
    import('./tls/self-signed.js'),
    import('./services/go-plugin.js'),
    import('./rpc/provider-service.js'),
  ]);

  marks.imports = performance.now();
  const clientCert = env.PLUGIN_CLIENT_CERT;
  const useTls = !debug && !env.TF_DISABLE_PLUGIN_TLS && clientCert !== undefined && clientCert !== '';
  let credentials: ServerCredentials;
  let serverCertDer: Buffer | undefined;
  if (useTls) {
    const cert = createSelfSignedCertificate({ curve: 'P-256', organization: 'HashiCorp' });
    serverCertDer = cert.der;
    // The client's own certificate is the only CA, and a client certificate is required.
    try {
      new X509Certificate(clientCert); // grpc-js would accept garbage here and fail every connection later
      credentials = grpc.ServerCredentials.createSsl(
        Buffer.from(clientCert),
        [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
        true,
      );
    } catch {
      fail(
        'terraform-provider-konnect: PLUGIN_CLIENT_CERT is not a usable PEM certificate. It is set by terraform itself; ' +
          'unset it (and set TF_DISABLE_PLUGIN_TLS=1) when starting the provider by other means.\n',
      );
    }
  } else {
    credentials = grpc.ServerCredentials.createInsecure();
  }

  marks.tls = performance.now();
  const defs = await serviceDefinitions();
  const grpcServer = new grpc.Server(GRPC_OPTIONS);
  // StopProvider aborts the work in flight; later calls get a fresh signal (as terraform-plugin-go does).
  let stop = new AbortController();
  const onStop = () => {
    stop.abort();
    stop = new AbortController();
  };
  const shuttingDown = new AbortController();
  const exit = (code: number) => {
    grpcServer.forceShutdown();
    process.exit(code);
  };
  // Shutdown: end our long-lived streams, let in-flight answers (Shutdown's own) flush, then
  // exit — within 250 ms whatever the host does; go-plugin SIGKILLs after 2 s.
  const shutdown = () => {
    if (shuttingDown.signal.aborted) return;
    shuttingDown.abort();
    const t0 = performance.now();
    const leave = (how: string) => {
      log.debug('exiting after Shutdown', { how, ms: Math.round(performance.now() - t0) });
      exit(0);
    };
    setTimeout(() => leave('timer'), 250);
    grpcServer.tryShutdown(() => leave('graceful'));
  };
  grpcServer.addService(
    defs['tfplugin6.Provider'],
    providerService({ server, log, stopSignal: () => stop.signal, onStop, ...(options.precomputed ? { precomputed: options.precomputed } : {}) }),
  );
  grpcServer.addService(defs['plugin.GRPCController'], services.controllerService(log, shutdown));
  grpcServer.addService(defs['plugin.GRPCStdio'], services.stdioService(shuttingDown.signal));
  grpcServer.addService(defs['plugin.GRPCBroker'], services.brokerService(shuttingDown.signal));
  grpcServer.addService(defs['grpc.health.v1.Health'], services.healthService(shuttingDown.signal));

  marks.services = performance.now();
  const port = await new Promise<number>((resolve) =>
    grpcServer.bindAsync('127.0.0.1:0', credentials, (err, p) =>
      err ? fail(`terraform-provider-konnect: cannot listen on 127.0.0.1 (${err.message}); check that loopback networking is available.\n`) : resolve(p),
    ),
  );
  const address = `127.0.0.1:${port}`;
  marks.listening = performance.now();

  process.on('uncaughtException', (err) => {
    log.error('uncaught exception; exiting', { error_type: err.name, stack: err.stack?.split('\n').slice(1, 6) });
    exit(1);
  });
  process.on('unhandledRejection', (err) => {
    log.error('unhandled promise rejection', { error_type: err instanceof Error ? err.name : typeof err });
  });

  if (debug) {
    process.stdout.write(reattachInstructions(options.providerAddress, address, process.pid));
    startCreate();
    process.on('SIGINT', () => exit(0));
    log.info('serving in debug mode', { address });
    return;
  }

  process.stdout.write(
    formatHandshakeLine({
      coreVersion: CORE_PROTOCOL_VERSION,
      protocolVersion: negotiated.version,
      network: 'tcp',
      address,
      protocol: 'grpc',
      ...(serverCertDer ? { serverCertDer } : {}),
    }),
  );
  startCreate();
  // If terraform dies without Shutdown (SIGKILL, crash), nothing would ever stop us: leave
  // when we are re-parented. One syscall a second; unref'd, so it never holds the process up.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid === parent) return;
    log.warn('the plugin host went away without Shutdown; exiting');
    exit(0);
  }, 1000).unref();
  // After the handshake the host discards stdout; keep anything printed by mistake in the log.
  console.log = console.info = (...args: unknown[]) => log.debug('stdout output suppressed', { lines: args.length });
  log.debug('plugin started', {
    address,
    protocol_version: negotiated.version,
    tls: useTls,
    // 'sea': the release executable (make release), whose code cache is inside it.
    code_cache: env.KONNECT_PROVIDER_CODE_CACHE ?? (isSingleExecutable() ? 'sea' : 'none'),
    // Milliseconds since the process started, at each step (see bench/handshake.bench.ts).
    startup_ms: Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, Math.round(v)])),
  });
}
