// ValidateProviderConfig: the provider block's validators, then the provider's own checks.
import { AttributePath, Diagnostics } from '../../common/index.js';
import type { ValidateProviderConfigRequest, ValidateProviderConfigResponse } from '../../tfplugin/index.js';
import { validateConfigValue } from '../schema/validate-config.js';
import { toJs, type JsObject } from '../values.js';
import { decodeDynamic } from './codec.js';
import type { ServerState } from './state.js';

export async function validateProviderConfig(state: ServerState, req: ValidateProviderConfigRequest): Promise<ValidateProviderConfigResponse> {
  const diags = new Diagnostics();
  return state.guard('ValidateProviderConfig', state.provider.typeName, diags, async () => {
    const type = state.providerSchema.root.type;
    const config = decodeDynamic(req.config, type, 'provider configuration', diags);
    if (config === undefined) return { diagnostics: diags };
    validateConfigValue(state.providerSchema.root, config, AttributePath.root, { writeOnlyAllowed: true }, diags);
    state.provider.validateConfig?.((toJs(config, type) ?? {}) as JsObject, diags);
    return { diagnostics: diags };
  }, () => ({ diagnostics: diags }));
}
