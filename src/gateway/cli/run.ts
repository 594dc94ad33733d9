// Running bin/ai-gateway: one process for --workers 1; otherwise a node:cluster primary that
// validates the configuration, forks the workers (which share the proxy listener), prints each
// listener line once, serves the status listener with metrics aggregated from every worker,
// and forwards SIGHUP to the workers. The Admin API, Konnect and KIC sources run once, in the
// primary, which sends every snapshot to the workers (sources/ipc.ts).
import cluster, { type Worker } from 'node:cluster';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerPrimaryMetricRequests, clusterMetrics, metricsRegistry } from '../metrics/index.js';
import { listUnsupported } from '../plugins/unsupported.js';
import { describeSnapshot, startGateway, type Gateway } from '../server/index.js';
import type { ConfigSnapshot, ConfigSource, SnapshotOrigin } from '../config/snapshot.js';
import { explainHandler } from '../explain/index.js';
import { serveNodeCounters } from '../ratelimit/index.js';
import { DeckSource, loadDeckFile } from '../sources/deck/index.js';
import { sourceFromFlags, sourceStatus, type SourceFlags } from '../sources/flags.js';
import { IpcSnapshotSource, isWantSnapshot, snapshotMessage } from '../sources/ipc.js';
import { KicSource } from '../sources/kic/index.js';
import { createStatusServer } from '../status/index.js';
import type { GatewayOptions, Listen } from './options.js';

const log = (message: string): void => void process.stderr.write(`ai-gateway: ${message}\n`);
const url = (server: Server, host: string): string => `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;

function listenStatus(server: Server, at: Listen): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => resolve(url(server, at.host)));
  });
}

/**
 * The sources that run once, in the primary, under cluster: the Admin API (one listener, one
 * writer), Konnect (one poller: one read per interval, one log line per outage, its state in
 * /status) and KIC (one watcher, one set of warnings; standard input can be read only once).
 */
function primarySourceKind(f: SourceFlags): SnapshotOrigin['kind'] | undefined {
  if (f.adminListen !== undefined || f.dataDir !== undefined || f.inMemory === true) return 'admin-api';
  if (f.konnectUrl !== undefined || f.controlPlane !== undefined) return 'konnect';
  if (f.kic !== undefined) return 'kic';
  return undefined;
}

/**
 * Under cluster, a decK worker starts from the snapshot the primary already loaded (sent over
 * IPC as JSON: milliseconds for 10,000 routes, where parsing the YAML again takes seconds per
 * worker), then watches and reloads the file itself.
 */
async function initialFromPrimary(options: GatewayOptions): Promise<ConfigSnapshot | undefined> {
  if (!cluster.isWorker || options.sources.config === undefined) return undefined;
  const ipc = new IpcSnapshotSource({ kind: 'deck', location: 'the primary process' });
  const snapshot = await ipc.start({ onSnapshot: () => {}, onError: () => {} });
  await ipc.stop();
  return snapshot;
}

function buildSource(options: GatewayOptions, initial?: ConfigSnapshot): ConfigSource {
  const fromPrimary = cluster.isWorker ? primarySourceKind(options.sources) : undefined;
  if (fromPrimary) return new IpcSnapshotSource({ kind: fromPrimary, location: 'the primary process' });
  if (initial !== undefined && options.sources.config !== undefined) return new DeckSource(options.sources.config, { env: process.env, initial });
  const built = sourceFromFlags(options.sources, { env: process.env, log });
  if ('error' in built) throw new Error(built.error);
  return built.source;
}

let workerSource: ConfigSource | undefined;

async function startWorkerGateway(options: GatewayOptions): Promise<Gateway> {
  const source = (workerSource = buildSource(options, await initialFromPrimary(options)));
  // Configuration warnings are said by one process: the only one, or the first worker.
  const gateway = await startGateway(
    source,
    { log, ...(!cluster.isWorker || cluster.worker?.id === 1 ? { warn: log } : {}) },
    { clientBodyTimeoutMs: options.clientBodyTimeoutMs },
  );
  const reload = () => {
    if (source instanceof DeckSource) void source.reload();
    if (source instanceof KicSource) source.reload();
  };
  process.on('SIGHUP', reload);
  process.on('message', (m: unknown) => {
    if (m === 'reload') reload();
  });
  return gateway;
}

/** Fail fast, once, in the primary (the message names the file/object/field or the flag). */
async function firstSnapshot(options: GatewayOptions, onChange: (s: ConfigSnapshot) => void): Promise<{ snapshot: ConfigSnapshot; source?: ConfigSource }> {
  const f = options.sources;
  if (f.config !== undefined) return { snapshot: await loadDeckFile(f.config) };
  const source = buildSource(options);
  const snapshot = await source.start({ onSnapshot: onChange, onError: (e) => log(`configuration rejected, keeping the last good one: ${e.message}`) });
  return { snapshot, source }; // stays up: the workers get its snapshots
}

export async function runGateway(options: GatewayOptions): Promise<void> {
  if (cluster.isWorker) {
    answerPrimaryMetricRequests(); // before anything slow: the primary may ask at any time
    const gateway = await startWorkerGateway(options);
    const address = await gateway.listen(options.proxy.host, options.proxy.port);
    process.send?.({ type: 'listening', address });
    process.on('SIGTERM', () => void gateway.close().then(() => process.exit(0)));
    return;
  }
  if (options.workers === 1) {
    const gateway = await startWorkerGateway(options);
    log(`configuration ${describeSnapshot(gateway.current().snapshot)} is valid`);
    const address = await gateway.listen(options.proxy.host, options.proxy.port);
    process.stdout.write(`proxy listening on ${address}\n`);
    const status = createStatusServer({
      status: () => ({ ...statusBody(gateway.current().snapshot, 1), source: sourceStatus(workerSource!) }),
      metrics: async () => ({ contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() }),
      explain: explainHandler(() => gateway.current().snapshot),
    });
    process.stdout.write(`status listening on ${await listenStatus(status, options.status)}\n`);
    const stop = () => void Promise.all([gateway.close(), new Promise((r) => status.close(r))]).then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    return;
  }

  const workers: Worker[] = [];
  const first = await firstSnapshot(options, (s) => {
    snapshot = s;
    for (const w of workers) if (w.isConnected()) w.send(snapshotMessage(s));
  });
  let snapshot = first.snapshot;
  log(`configuration ${describeSnapshot(snapshot)} is valid`);

  cluster.schedulingPolicy = cluster.SCHED_NONE; // workers accept on the shared socket themselves
  const aggregated = clusterMetrics();
  let printed = false;
  let stopping = false;
  for (let i = 0; i < options.workers; i++) {
    const w = cluster.fork();
    workers.push(w);
    serveNodeCounters(w); // ai-rate-limiting-advanced's `local` counters: one set per node, in this process
    w.on('message', (m: { type?: string; address?: string }) => {
      if (isWantSnapshot(m) && (first.source || options.sources.config !== undefined)) w.send(snapshotMessage(snapshot));
      if (m?.type === 'listening' && !printed) {
        printed = true;
        process.stdout.write(`proxy listening on ${m.address}\n`);
      }
    });
  }
  cluster.on('exit', (w, code, signal) => {
    if (!stopping) log(`worker ${w.process.pid} exited (${signal ?? code}); ${Object.keys(cluster.workers ?? {}).length} left`);
  });
  const status = createStatusServer({
    status: () => ({ ...statusBody(snapshot, Object.keys(cluster.workers ?? {}).length), ...(first.source ? { source: sourceStatus(first.source) } : {}) }),
    metrics: async () => ({ contentType: aggregated.contentType, body: await aggregated.metrics() }),
    explain: explainHandler(() => snapshot),
  });
  process.stdout.write(`status listening on ${await listenStatus(status, options.status)}\n`);
  process.on('SIGHUP', () => {
    if (first.source instanceof KicSource) first.source.reload();
    workers.forEach((w) => w.isConnected() && w.send('reload'));
  });
  const stop = () => {
    stopping = true;
    for (const w of workers) if (!w.isDead()) w.process.kill('SIGTERM');
    status.close();
    void first.source?.stop();
    setTimeout(() => process.exit(0), 200).unref();
    cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function statusBody(s: ConfigSnapshot, workers: number) {
  return {
    server: { pid: process.pid, workers, uptime_seconds: Math.round(process.uptime()) },
    configuration: {
      source: s.origin.kind,
      location: s.origin.location,
      revision: s.revision,
      loaded_at: s.loadedAt.toISOString(),
      services: s.services.length,
      routes: s.routes.length,
      plugins: s.plugins.length,
      // Plugins Kong would run that this gateway does not: the requests they apply to get 500.
      unsupported_plugins: listUnsupported(s),
    },
  };
}
