// The konnect provider at its smallest: the provider block (schema, validation, configuration)
// and no resources yet. src/framework re-expresses this; resource RPCs answer with the bridge's
// "not supported yet" diagnostics until then.
import { Diagnostics, sensitive, silentLogger, type Logger } from '../common/index.js';
import type {
  ConfigureProviderRequest,
  ConfigureProviderResponse,
  GetProviderSchemaResponse,
  ProviderServer,
  StopProviderResponse,
  ValidateProviderConfigRequest,
  ValidateProviderConfigResponse,
} from '../tfplugin/index.js';
import { checkServerUrl, checkShellVariables, decodeProviderConfig, resolveProviderConfig, type ResolvedConfig } from './provider-config.js';
import { providerSchema } from './provider-schema.js';

export interface KonnectProviderOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: Logger;
}

export class KonnectProvider implements ProviderServer {
  private readonly env: NodeJS.ProcessEnv;
  private readonly log: Logger;
  /** Set by ConfigureProvider; resources read the server URL and token from here. */
  configured: ResolvedConfig | undefined;

  constructor(options: KonnectProviderOptions = {}) {
    this.env = options.env ?? process.env;
    this.log = options.log ?? silentLogger;
  }

  async getProviderSchema(): Promise<GetProviderSchemaResponse> {
    return {
      provider: providerSchema,
      resourceSchemas: {},
      dataSourceSchemas: {},
      serverCapabilities: {
        // Our schemas are static, so Terraform may reuse a cached copy instead of asking every
        // process again (an apply starts ~4 processes).
        getProviderSchemaOptional: true,
        // Terraform plans destroys as null itself; we have nothing to add at destroy-plan time.
        planDestroy: false,
      },
    };
  }

  async validateProviderConfig(req: ValidateProviderConfigRequest): Promise<ValidateProviderConfigResponse> {
    const diags = new Diagnostics();
    const values = decodeProviderConfig(req.config, diags);
    if (values) {
      // A warning here keeps `terraform validate` passing for the documented seed block; the
      // same finding is an error when the provider is configured to make API calls.
      checkShellVariables(values, diags, 'warning');
      checkServerUrl(values, diags);
    }
    return { diagnostics: diags };
  }

  async configureProvider(req: ConfigureProviderRequest): Promise<ConfigureProviderResponse> {
    const diags = new Diagnostics();
    const values = decodeProviderConfig(req.config, diags);
    if (!values) return { diagnostics: diags };
    checkShellVariables(values, diags, 'error');
    checkServerUrl(values, diags);
    if (diags.hasError()) return { diagnostics: diags };
    this.configured = resolveProviderConfig(values, this.env);
    this.log.debug('provider configured', {
      terraform_version: req.terraformVersion,
      server_url: this.configured.serverUrl,
      credential_from: this.configured.tokenSource ?? 'none',
      token: sensitive(this.configured.token),
    });
    return { diagnostics: diags };
  }

  async stopProvider(): Promise<StopProviderResponse> {
    this.log.debug('stop requested');
    return {};
  }
}
