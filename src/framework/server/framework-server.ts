// FrameworkServer: a Provider (schema, resources, data sources) served as the bridge's ProviderServer. Each
// RPC is one function in a file of the same name; this class only routes.
import { silentLogger, type Logger } from '../../common/index.js';
import type {
  ApplyResourceChangeRequest,
  ConfigureProviderRequest,
  ImportResourceStateRequest,
  PlanResourceChangeRequest,
  ProviderServer,
  ReadDataSourceRequest,
  ReadResourceRequest,
  RpcContext,
  UpgradeResourceStateRequest,
  ValidateDataResourceConfigRequest,
  ValidateProviderConfigRequest,
  ValidateResourceConfigRequest,
} from '../../tfplugin/index.js';
import type { Provider } from '../provider.js';
import { applyResourceChange } from './apply-resource-change.js';
import { configureProvider } from './configure-provider.js';
import { getMetadata } from './get-metadata.js';
import { getProviderSchema } from './get-provider-schema.js';
import { importResourceState } from './import-resource-state.js';
import { planResourceChange } from './plan-resource-change.js';
import { readDataSource } from './read-data-source.js';
import { readResource } from './read-resource.js';
import { ServerState } from './state.js';
import { stopProvider } from './stop-provider.js';
import { upgradeResourceState } from './upgrade-resource-state.js';
import { validateDataResourceConfig } from './validate-data-resource-config.js';
import { validateProviderConfig } from './validate-provider-config.js';
import { validateResourceConfig } from './validate-resource-config.js';

export class FrameworkServer implements ProviderServer {
  readonly state: ServerState;

  constructor(provider: Provider, log: Logger = silentLogger) {
    this.state = new ServerState(provider, log);
  }

  getMetadata = async () => getMetadata(this.state);
  getProviderSchema = async () => getProviderSchema(this.state);
  validateProviderConfig = (req: ValidateProviderConfigRequest) => validateProviderConfig(this.state, req);
  configureProvider = (req: ConfigureProviderRequest, ctx: RpcContext) => configureProvider(this.state, req, ctx);
  stopProvider = async () => stopProvider(this.state);
  validateResourceConfig = (req: ValidateResourceConfigRequest) => validateResourceConfig(this.state, req);
  upgradeResourceState = (req: UpgradeResourceStateRequest) => upgradeResourceState(this.state, req);
  readResource = (req: ReadResourceRequest, ctx: RpcContext) => readResource(this.state, req, ctx);
  planResourceChange = (req: PlanResourceChangeRequest, ctx: RpcContext) => planResourceChange(this.state, req, ctx);
  applyResourceChange = (req: ApplyResourceChangeRequest, ctx: RpcContext) => applyResourceChange(this.state, req, ctx);
  importResourceState = (req: ImportResourceStateRequest, ctx: RpcContext) => importResourceState(this.state, req, ctx);
  validateDataResourceConfig = (req: ValidateDataResourceConfigRequest) => validateDataResourceConfig(this.state, req);
  readDataSource = (req: ReadDataSourceRequest, ctx: RpcContext) => readDataSource(this.state, req, ctx);
}
