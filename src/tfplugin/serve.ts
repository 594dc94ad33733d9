// Serves a ProviderServer the way go-plugin's Go server does for Terraform: cookie check,
// protocol negotiation, loopback-only listener, AutoMTLS, the handshake line, go-plugin's
// services, SIGINT ignored, Shutdown → exit. `--debug` serves plaintext for TF_REATTACH_PROVIDERS.
//
// Start-up is on Terraform's critical path (3–4 provider processes per command), and the host
// waits for the handshake line only. So the line goes out as soon as a plain node:net listener
// has a port: HTTP/2, TLS, the protobuf codecs and the gRPC services load after it (serving.ts),
// while the host connects; connections it opens meanwhile wait unread (pauseOnConnect) and are
// handed over once the server exists. The implementation loads last.
import { X509Certificate } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer as createListener, type Server as Listener, type Socket } from 'node:net';
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
import type { startServing as StartServingFn } from './serving.js';
import type { ProviderServer } from './types/index.js';

type StartServing = typeof StartServingFn;

export interface ServeOptions {
  /** Source address Terraform knows the provider by, e.g. registry.terraform.io/kong/konnect. */
  readonly providerAddress: string;
  /** Builds the implementation, when the first RPC that needs it arrives (or with `preload`). */
  readonly create: (log: Logger) => ProviderServer | Promise<ProviderServer>;
  /** Load the implementation as soon as the gRPC server is up (recording a V8 code cache). */
  readonly preload?: boolean;
  /**
   * Loads the gRPC server (serving.ts), after the handshake line: an entry point may keep it in a
   * part it loads later (src/bin/terraform-provider-konnect.ts does).
   */
  readonly serving: () => Promise<StartServing>;
  /** Answers encoded ahead of time (GetProviderSchema's, made at build time), see precomputed.ts. */
  readonly precomputed?: PrecomputedAnswers;
  readonly argv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** True in the release executable (a Node single executable application). */
function isSingleExecutable(): boolean {
  try {
    const load = typeof require === 'function' ? require : createRequire(import.meta.url);
    return (load('node:sea') as { isSea(): boolean }).isSea();
  } catch {
    return false;
  }
}

/**
 * Milliseconds since the process started. Not performance.now(): the `performance` global loads
 * node:perf_hooks on first use, a few ms the handshake line need not wait for.
 */
const sinceStart = () => process.uptime() * 1000;

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
  // Milliseconds since the process started, per step: the "plugin started" debug line.
  const marks: Record<string, number> = { serve: sinceStart() };
  // The implementation loads when the first RPC that needs it arrives: a process Terraform starts
  // only to read the schema (answered from precomputed bytes) never loads it, and the others
  // would not gain from loading it sooner — the event loop would be busy with it while the host's
  // TLS handshake and first request wait. A failure is reported to Terraform by that RPC (an error
  // diagnostic) and logged.
  let implementation: Promise<ProviderServer> | undefined;
  const server = (): Promise<ProviderServer> => {
    if (!implementation) {
      marks.implementation_asked = sinceStart();
      implementation = Promise.resolve().then(() => options.create(log));
      implementation.then(
        () => {
          marks.implementation_loaded = sinceStart();
          log.debug('provider implementation loaded', {
            ms: Math.round(marks.implementation_loaded - marks.implementation_asked!),
            code_cache: env.KONNECT_PROVIDER_CODE_CACHE ?? 'none',
          });
        },
        (err: unknown) => log.error('the provider implementation failed to load', { error_type: err instanceof Error ? err.name : typeof err }),
      );
    }
    return implementation;
  };

  // Read now: the host may be gone (and we re-parented) by the time the server is up.
  const parent = process.ppid;
  const clientCert = env.PLUGIN_CLIENT_CERT;
  const useTls = !debug && !env.TF_DISABLE_PLUGIN_TLS && clientCert !== undefined && clientCert !== '';
  let tls: { keyPem: string; certPem: string; clientCertPem: string; der: Buffer } | undefined;
  if (useTls) {
    const { createSelfSignedCertificate } = await import('./tls/self-signed.js');
    const cert = createSelfSignedCertificate({ curve: 'P-256', organization: 'HashiCorp' });
    marks.certificate = sinceStart();
    // The client's own certificate is the only CA, and a client certificate is required.
    try {
      new X509Certificate(clientCert); // node:tls would accept garbage here and fail every connection later
    } catch {
      fail(
        'terraform-provider-konnect: PLUGIN_CLIENT_CERT is not a usable PEM certificate. It is set by terraform itself; ' +
          'unset it (and set TF_DISABLE_PLUGIN_TLS=1) when starting the provider by other means.\n',
      );
    }
    tls = { keyPem: cert.keyPem, certPem: cert.certPem, clientCertPem: clientCert, der: cert.der };
  }
  marks.tls = sinceStart();

  // Connections accepted before the gRPC server exists wait here, unread.
  const waiting: Socket[] = [];
  let accept: ((socket: Socket) => void) | undefined;
  const listener: Listener = createListener({ pauseOnConnect: true }, (socket) => {
    if (accept) accept(socket);
    else {
      socket.on('error', () => undefined); // a host that gives up before we serve: nothing to report
      waiting.push(socket);
    }
  });
  const port = await new Promise<number>((resolve) => {
    listener.once('error', (err) =>
      fail(`terraform-provider-konnect: cannot listen on 127.0.0.1 (${err.message}); check that loopback networking is available.\n`),
    );
    listener.listen(0, '127.0.0.1', () => resolve((listener.address() as { port: number }).port));
  });
  const address = `127.0.0.1:${port}`;
  marks.listening = sinceStart();

  const shuttingDown = new AbortController();
  let serving: { shutdown(): Promise<void> } | undefined;
  const exit = (code: number) => process.exit(code);
  // Shutdown: end our long-lived streams, let in-flight answers (Shutdown's own) flush, then
  // exit — within 250 ms whatever the host does; go-plugin SIGKILLs after 2 s.
  const shutdown = () => {
    if (shuttingDown.signal.aborted) return;
    shuttingDown.abort();
    listener.close();
    const t0 = performance.now();
    const leave = (how: string) => {
      log.debug('exiting after Shutdown', { how, ms: Math.round(performance.now() - t0) });
      exit(0);
    };
    setTimeout(() => leave('timer'), 250);
    void (serving?.shutdown() ?? Promise.resolve()).then(() => leave('graceful'));
  };

  process.on('uncaughtException', (err) => {
    log.error('uncaught exception; exiting', { error_type: err.name, stack: err.stack?.split('\n').slice(1, 6) });
    exit(1);
  });
  process.on('unhandledRejection', (err) => {
    log.error('unhandled promise rejection', { error_type: err instanceof Error ? err.name : typeof err });
  });

  /** Loads the gRPC server and serves the connections that waited (and, with `preload`, loads the implementation). */
  const startServing = async () => {
    const start = await options.serving();
    marks.loaded = sinceStart();
    const s = await start({
      log,
      server,
      ...(tls ? { tls } : {}),
      ...(options.precomputed ? { precomputed: options.precomputed } : {}),
      onShutdown: shutdown,
      shuttingDown: shuttingDown.signal,
    });
    serving = s;
    accept = s.accept;
    for (const socket of waiting.splice(0)) s.accept(socket);
    marks.serving = sinceStart();
    if (options.preload) void server().catch(() => undefined);
  };
  const serveOrFail = () =>
    startServing().catch((err: unknown) => {
      log.error('the gRPC server failed to start; exiting', { error_type: err instanceof Error ? err.name : typeof err });
      exit(1);
    });

  if (debug) {
    process.stdout.write(reattachInstructions(options.providerAddress, address, process.pid));
    await serveOrFail();
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
      ...(tls ? { serverCertDer: tls.der } : {}),
    }),
  );
  await serveOrFail();
  // If terraform dies without Shutdown (SIGKILL, crash), nothing would ever stop us: leave
  // when we are re-parented. One syscall a second; unref'd, so it never holds the process up.
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
    // Milliseconds since the process started, at each step (see bench/handshake.bench.ts), the
    // loader's (src/bin/provider-loader/bundle-parts.ts) included.
    startup_ms: Object.fromEntries(
      Object.entries({ ...(globalThis as { __KONNECT_LOADER_MARKS__?: Record<string, number> }).__KONNECT_LOADER_MARKS__, ...marks })
        .sort(([, a], [, b]) => a - b)
        .map(([k, v]) => [k, Math.round(v)]),
    ),
  });
}
