// What every framework RPC handler shares: the provider, its compiled resource and data-source schemas, the data
// ConfigureProvider produced, the logger, and `guard`, which turns a throw into one diagnostic.
// A resource's schema is compiled (and a LazyResource built) when an RPC first needs it: a
// provider process serves a handful of the types it registers.
import { Diagnostics, reportThrown, silentLogger, type Logger } from '../../common/index.js';
import type { RpcContext } from '../../tfplugin/index.js';
import type { AnyDataSource } from '../data-source.js';
import type { Provider } from '../provider.js';
import type { AnyResource, ResourceRegistration } from '../resource.js';
import { compileSchema, type CompiledSchema } from '../schema/compile.js';

export interface ResourceEntry {
  readonly resource: AnyResource;
  readonly schema: CompiledSchema;
}

/** A registered resource; the resource is built and its schema compiled on first access. */
class LazyResourceEntry implements ResourceEntry {
  #resource: AnyResource | undefined;
  #schema: CompiledSchema | undefined;

  constructor(
    readonly typeName: string,
    private readonly registration: ResourceRegistration,
  ) {}

  get resource(): AnyResource {
    if (!this.#resource) {
      const r = this.registration;
      this.#resource = 'load' in r && typeof r.load === 'function' ? r.load() : (r as AnyResource);
      if (this.#resource.typeName !== this.typeName) throw new TypeError(`resource registered as ${this.typeName} loaded as ${this.#resource.typeName}`);
    }
    return this.#resource;
  }

  get schema(): CompiledSchema {
    return (this.#schema ??= compileSchema(this.resource.schema(), this.typeName));
  }
}

export interface DataSourceEntry {
  readonly dataSource: AnyDataSource;
  readonly schema: CompiledSchema;
}

export class ServerState {
  readonly providerSchema: CompiledSchema;
  readonly resources = new Map<string, ResourceEntry>();
  readonly dataSources = new Map<string, DataSourceEntry>();
  providerData: unknown = undefined;
  configured = false;
  /** Aborted by StopProvider (the bridge aborts every RPC's own signal then too). */
  stopController = new AbortController();

  constructor(
    readonly provider: Provider,
    readonly log: Logger = silentLogger,
  ) {
    this.providerSchema = compileSchema(provider.schema(), `provider ${provider.typeName}`);
    for (const r of provider.resources()) {
      if (this.resources.has(r.typeName)) throw new TypeError(`resource type ${r.typeName} is registered twice`);
      this.resources.set(r.typeName, new LazyResourceEntry(r.typeName, r));
    }
    for (const d of provider.dataSources?.() ?? []) {
      if (this.dataSources.has(d.typeName)) throw new TypeError(`data source type ${d.typeName} is registered twice`);
      this.dataSources.set(d.typeName, { dataSource: d, schema: compileSchema(d.schema(), `data source ${d.typeName}`) });
    }
  }

  entry(typeName: string, diags: Diagnostics): ResourceEntry | undefined {
    const e = this.resources.get(typeName);
    if (!e) diags.addError('Unknown resource type', `The provider ${this.provider.typeName} has no resource type ${JSON.stringify(typeName)}.`);
    return e;
  }

  dataSourceEntry(typeName: string, diags: Diagnostics): DataSourceEntry | undefined {
    const e = this.dataSources.get(typeName);
    if (!e) diags.addError('Unknown data source type', `The provider ${this.provider.typeName} has no data source type ${JSON.stringify(typeName)}.`);
    return e;
  }

  /**
   * The signal resource calls get: the RPC's own, which the bridge aborts when the client cancels
   * the call or StopProvider arrives (RpcContext's contract), so nothing is combined per call.
   */
  signal(ctx: RpcContext): AbortSignal {
    return ctx.signal;
  }

  /**
   * Runs a handler; a throw becomes one error diagnostic by the one policy (common/thrown.ts):
   * a safe error's message is shown and logged; anything else is an internal error with a
   * correlation id, logged with its stack's code locations and never its message.
   */
  async guard<T extends { diagnostics?: Iterable<unknown> }>(
    rpc: string,
    typeName: string,
    diags: Diagnostics,
    fn: () => Promise<T>,
    onError: () => T,
  ): Promise<T> {
    const started = performance.now();
    try {
      const res = await fn();
      if (this.log.enabled('debug')) this.log.debug(`${rpc} done`, { rpc, type: typeName, ms: Math.round(performance.now() - started), diagnostics: diags.length });
      return res;
    } catch (err) {
      const report = reportThrown(err, `${rpc} for ${typeName}`, `${rpc} failed for ${typeName}`);
      diags.add(report.diagnostic);
      this.log.error(`${rpc} failed`, { rpc, type: typeName, ms: Math.round(performance.now() - started), ...report.logFields });
      return onError();
    }
  }
}
