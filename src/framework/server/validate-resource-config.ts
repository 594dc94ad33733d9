// ValidateResourceConfig: schema validators at every depth (enums, ranges, lengths from the
// table), write-only support, then the resource's own validateConfig (cross-field rules), which
// also gets the config with defaults filled as the plan will have them.
import { AttributePath, Diagnostics } from '../../common/index.js';
import type { ValidateResourceConfigRequest, ValidateResourceConfigResponse } from '../../tfplugin/index.js';
import { applyDefaults } from '../plan/defaults.js';
import { validateConfigValue } from '../schema/validate-config.js';
import { toJs, type JsObject } from '../values.js';
import { decodeDynamic } from './codec.js';
import type { ServerState } from './state.js';

export async function validateResourceConfig(state: ServerState, req: ValidateResourceConfigRequest): Promise<ValidateResourceConfigResponse> {
  const diags = new Diagnostics();
  return state.guard('ValidateResourceConfig', req.typeName, diags, async () => {
    const e = state.entry(req.typeName, diags);
    if (!e) return { diagnostics: diags };
    const type = e.schema.root.type;
    const config = decodeDynamic(req.config, type, 'resource configuration', diags);
    if (config === undefined) return { diagnostics: diags };
    validateConfigValue(e.schema.root, config, AttributePath.root, { writeOnlyAllowed: req.clientCapabilities.writeOnlyAttributesAllowed }, diags);
    const withDefaults = applyDefaults(e.schema.root, config, config, AttributePath.root);
    await e.resource.validateConfig?.({
      config: (toJs(config, type) ?? {}) as JsObject,
      withDefaults: (toJs(withDefaults, type) ?? {}) as JsObject,
      diagnostics: diags,
    });
    return { diagnostics: diags };
  }, () => ({ diagnostics: diags }));
}
