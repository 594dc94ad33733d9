// ValidateDataResourceConfig: the schema's validators at every depth, then the data source's own
// validateConfig (cross-field rules), as ValidateResourceConfig does for resources.
import { AttributePath, Diagnostics } from '../../common/index.js';
import type { ValidateDataResourceConfigRequest, ValidateDataResourceConfigResponse } from '../../tfplugin/index.js';
import { validateConfigValue } from '../schema/validate-config.js';
import { toJs, type JsObject } from '../values.js';
import { decodeDynamic } from './codec.js';
import type { ServerState } from './state.js';

export async function validateDataResourceConfig(state: ServerState, req: ValidateDataResourceConfigRequest): Promise<ValidateDataResourceConfigResponse> {
  const diags = new Diagnostics();
  return state.guard('ValidateDataResourceConfig', req.typeName, diags, async () => {
    const e = state.dataSourceEntry(req.typeName, diags);
    if (!e) return { diagnostics: diags };
    const type = e.schema.root.type;
    const config = decodeDynamic(req.config, type, 'data source configuration', diags);
    if (config === undefined) return { diagnostics: diags };
    // Data sources have no write-only attributes (nothing is stored between reads anyway).
    validateConfigValue(e.schema.root, config, AttributePath.root, { writeOnlyAllowed: true }, diags);
    const js = (toJs(config, type) ?? {}) as JsObject;
    await e.dataSource.validateConfig?.({ config: js, withDefaults: js, diagnostics: diags });
    return { diagnostics: diags };
  }, () => ({ diagnostics: diags }));
}
