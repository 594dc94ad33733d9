// The konnect provider on src/framework: the provider block (schema, validation, configuration),
// one Konnect client per configured provider (cancelled by StopProvider, its HTTP log going to the
// provider's logger at debug with timings and never a header), the resources and the data sources.
import { sensitive, silentLogger, type Logger } from '../common/index.js';
import { FrameworkServer, type ConfigureRequest, type JsObject, type Provider } from '../framework/index.js';
import { KonnectClient, providerVersion, type HttpLogEvent } from '../konnect/index.js';
import { checkServerUrl, checkShellVariables, checkTokenPresent, configValues, resolveProviderConfig } from './provider-config.js';
import type { KonnectProviderData } from './provider-data.js';
import { providerSchema } from './provider-schema.js';
import { retryBudgetFromEnv } from './retry-budget.js';
import { konnectDataSources } from './data-sources/index.js';
import { konnectResources } from './resources/index.js';

export interface KonnectProviderOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: Logger;
  /** Client options for tests (e.g. a fast retry policy). */
  readonly retry?: ConstructorParameters<typeof KonnectClient>[0]['retry'];
}

function httpLogger(log: Logger) {
  return (e: HttpLogEvent) => {
    if (!log.enabled('debug')) return;
    const ms = Math.round(e.ms * 10) / 10;
    log.debug(`konnect ${e.method} ${e.path} → ${e.status ?? e.errorCode ?? e.outcome} in ${ms} ms`, {
      http_method: e.method,
      http_path: e.path,
      http_status: e.status,
      attempt: e.attempt,
      outcome: e.outcome,
      ms,
      ...(e.requestId ? { request_id: e.requestId } : {}),
      ...(e.errorCode ? { error_code: e.errorCode } : {}),
      ...(e.retryInMs !== undefined ? { retry_in_ms: e.retryInMs } : {}),
    });
  };
}

/** The provider definition the framework serves. */
export function konnectProvider(options: KonnectProviderOptions = {}): Provider<KonnectProviderData> {
  const env = options.env ?? process.env;
  const clients = new Set<KonnectClient>();
  return {
    typeName: 'konnect',
    version: providerVersion(),
    schema: () => providerSchema,
    validateConfig(config: JsObject, diags) {
      const values = configValues(config);
      // A warning here keeps `terraform validate` passing for the documented seed block; the
      // same finding is an error when the provider is configured to make API calls.
      checkShellVariables(values, diags, 'warning');
      checkServerUrl(values, diags);
    },
    async configure(req: ConfigureRequest) {
      const values = configValues(req.config);
      checkShellVariables(values, req.diagnostics, 'error');
      checkServerUrl(values, req.diagnostics);
      const budgetMs = retryBudgetFromEnv(env, req.diagnostics);
      if (req.diagnostics.hasError()) return undefined;
      const resolved = resolveProviderConfig(values, env);
      checkTokenPresent(values, resolved, req.diagnostics);
      if (req.diagnostics.hasError()) return undefined;
      const client = new KonnectClient({
        serverUrl: resolved.serverUrl,
        ...(resolved.credentials ? { credentials: resolved.credentials } : {}),
        retry: { maxElapsedMs: budgetMs, ...options.retry },
        onLog: httpLogger(req.logger),
      });
      clients.add(client);
      req.logger.debug('provider configured', {
        terraform_version: req.terraformVersion,
        server_url: resolved.serverUrl,
        credential_from: resolved.credentialFrom,
        token: sensitive(resolved.credentials?.token),
      });
      return { client, serverUrl: resolved.serverUrl, tokenSource: resolved.tokenSource };
    },
    resources: () => konnectResources(),
    dataSources: () => konnectDataSources(),
    stop() {
      for (const c of clients) c.cancelAll();
    },
  };
}

/** The provider as the bridge's ProviderServer (what src/bin/terraform-provider-konnect serves). */
export class KonnectProvider extends FrameworkServer {
  constructor(options: KonnectProviderOptions = {}) {
    super(konnectProvider(options) as Provider, options.log ?? silentLogger);
  }
}
