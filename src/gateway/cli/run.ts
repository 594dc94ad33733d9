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
import type { ConfigSnapshot, ConfigSource } from '../config/snapshot.js';
import { explainHandler, explainRequest, type ExplainReport, type ExplainRequest } from '../explain/index.js';
import { serveNodeCounters } from '../ratelimit/index.js';
import { planSource, sourceStatus, type SourcePlan } from '../sources/flags.js';
import { IpcSnapshotSource, isWantSnapshot, snapshotMessage } from '../sources/ipc.js';
import { answerWorkerQueries, askWorker, balancersStatus, createStatusServer } from '../status/index.js';
import type { GatewayOptions, Listen } from './options.js';

const log = (message: string): void => void process.stderr.write(`ai-gateway: ${message}\n`);
const url = (server: Server, host: string): string => `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;

function listenStatus(server: Server, at: Listen): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => resolve(url(server, at.host)));
  });
}

function plan(options: GatewayOptions): SourcePlan {
  const planned = planSource(options.sources, { env: process.env, log });
  if ('error' in planned) throw new Error(planned.error);
  return planned.plan;
}

/**
 * A worker's source: the primary's snapshots for a source placed in the primary; otherwise its
 * own, starting from the snapshot the primary read first (sent over IPC as JSON: milliseconds
 * for 10,000 routes, where parsing a decK file again takes seconds per worker).
 */
async function buildSource(options: GatewayOptions): Promise<ConfigSource> {
  const p = plan(options);
  if (!cluster.isWorker) return p.create();
  const fromPrimary = new IpcSnapshotSource({ kind: p.kind, location: 'the primary process' });
  if (p.placement === 'primary') return fromPrimary;
  const initial = await fromPrimary.start({ onSnapshot: () => {}, onError: () => {} });
  await fromPrimary.stop();
  return p.create(initial);
}

let workerSource: ConfigSource | undefined;

async function startWorkerGateway(options: GatewayOptions): Promise<Gateway> {
  const source = (workerSource = await buildSource(options));
  // Configuration warnings are said by one process: the only one, or the first worker.
  const gateway = await startGateway(
    source,
    { log, ...(!cluster.isWorker || cluster.worker?.id === 1 ? { warn: log } : {}) },
    { clientBodyTimeoutMs: options.clientBodyTimeoutMs },
  );
  const reload = () => void source.reload?.();
  process.on('SIGHUP', reload);
  process.on('message', (m: unknown) => {
    if (m === 'reload') reload();
  });
  return gateway;
}

/**
 * Fail fast, once, in the primary (the message names the file/object/field or the flag). A source
 * placed in the primary stays up and the workers get its snapshots; one placed in each worker
 * is read once here, for the workers to start from, and closed.
 */
async function firstSnapshot(options: GatewayOptions, onChange: (s: ConfigSnapshot) => void): Promise<{ snapshot: ConfigSnapshot; source?: ConfigSource }> {
  const p = plan(options);
  const source = p.create();
  const snapshot = await source.start({ onSnapshot: onChange, onError: (e) => log(`configuration rejected, keeping the last good one: ${e.message}`) });
  if (p.placement === 'primary') return { snapshot, source };
  await source.stop();
  return { snapshot };
}

export async function runGateway(options: GatewayOptions): Promise<void> {
  if (cluster.isWorker) {
    answerPrimaryMetricRequests(); // before anything slow: the primary may ask at any time
    const starting = startWorkerGateway(options);
    // what only a worker knows (its ai-proxy-advanced balancers), for the primary's /explain and /status
    answerWorkerQueries(async (q) => {
      const gw = await starting;
      return q.kind === 'explain'
        ? explainRequest(gw.current().snapshot, q.request as ExplainRequest, { balancerState: `worker ${cluster.worker?.id}'s state (each worker balances on its own)` })
        : balancersStatus(gw.current());
    });
    const gateway = await starting;
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
      status: () => ({ ...statusBody(gateway.current().snapshot, 1), source: sourceStatus(workerSource!), ai_proxy_advanced: balancersStatus(gateway.current()) }),
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
      if (isWantSnapshot(m)) w.send(snapshotMessage(snapshot));
      if (m?.type === 'listening' && !printed) {
        printed = true;
        process.stdout.write(`proxy listening on ${m.address}\n`);
      }
    });
  }
  cluster.on('exit', (w, code, signal) => {
    if (!stopping) log(`worker ${w.process.pid} exited (${signal ?? code}); ${Object.keys(cluster.workers ?? {}).length} left`);
  });
  const live = () => workers.filter((w) => w.isConnected());
  // ai-proxy-advanced's balancers live in the workers: explain asks one, /status asks each
  const explainInWorker = async (s: ConfigSnapshot, request: ExplainRequest): Promise<ExplainReport> => {
    const w = live()[0];
    const fresh = (why: string) => explainRequest(s, request, { balancerState: `a fresh balancer (${why})` });
    if (w === undefined) return fresh('no worker is running');
    return (askWorker(w, { kind: 'explain', request }, 15_000) as Promise<ExplainReport>).catch((e: Error) => fresh(e.message));
  };
  const workerBalancers = () =>
    snapshot.plugins.some((p) => p.name === 'ai-proxy-advanced')
      ? Promise.all(live().map((w) => askWorker(w, { kind: 'balancers' }, 15_000).then((instances) => ({ worker: w.id, instances }), (e: Error) => ({ worker: w.id, error: e.message }))))
      : Promise.resolve([]);
  const status = createStatusServer({
    status: async () => ({
      ...statusBody(snapshot, Object.keys(cluster.workers ?? {}).length),
      ...(first.source ? { source: sourceStatus(first.source) } : {}),
      ai_proxy_advanced_by_worker: await workerBalancers(),
    }),
    metrics: async () => ({ contentType: aggregated.contentType, body: await aggregated.metrics() }),
    explain: explainHandler(() => snapshot, explainInWorker),
  });
  process.stdout.write(`status listening on ${await listenStatus(status, options.status)}\n`);
  process.on('SIGHUP', () => {
    void first.source?.reload?.();
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
