// ConfigureProvider: decode the provider block and let the provider build what resources need.
import { Diagnostics } from '../../common/index.js';
import type { ConfigureProviderRequest, ConfigureProviderResponse, RpcContext } from '../../tfplugin/index.js';
import { toJs, type JsObject } from '../values.js';
import { decodeDynamic } from './codec.js';
import type { ServerState } from './state.js';

export async function configureProvider(state: ServerState, req: ConfigureProviderRequest, ctx: RpcContext): Promise<ConfigureProviderResponse> {
  const diags = new Diagnostics();
  return state.guard('ConfigureProvider', state.provider.typeName, diags, async () => {
    const type = state.providerSchema.root.type;
    const config = decodeDynamic(req.config, type, 'provider configuration', diags);
    if (config === undefined) return { diagnostics: diags };
    const data = await state.provider.configure({
      config: (toJs(config, type) ?? {}) as JsObject,
      terraformVersion: req.terraformVersion,
      signal: state.signal(ctx),
      diagnostics: diags,
      logger: state.log,
    });
    if (!diags.hasError()) {
      state.providerData = data;
      state.configured = true;
    }
    return { diagnostics: diags };
  }, () => ({ diagnostics: diags }));
}
