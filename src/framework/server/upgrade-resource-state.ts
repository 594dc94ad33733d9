// UpgradeResourceState: stored JSON state → the current schema. Same version: decoded as is
// (core already stripped removed attributes). Older version: the resource's upgradeState.
import { Diagnostics } from '../../common/index.js';
import type { UpgradeResourceStateRequest, UpgradeResourceStateResponse } from '../../tfplugin/index.js';
import { known } from '../plan/apply-result.js';
import { nullWriteOnly } from '../plan/write-only.js';
import { fromJs } from '../values.js';
import { decodeJsonValue, encodeDynamic } from './codec.js';
import type { ServerState } from './state.js';

export async function upgradeResourceState(state: ServerState, req: UpgradeResourceStateRequest): Promise<UpgradeResourceStateResponse> {
  const diags = new Diagnostics();
  return state.guard('UpgradeResourceState', req.typeName, diags, async () => {
    const e = state.entry(req.typeName, diags);
    if (!e) return { diagnostics: diags };
    const type = e.schema.root.type;
    const raw = req.rawState.json;
    if (!raw || raw.length === 0) {
      diags.addError('Unsupported state format', `The state of this ${req.typeName} is in the legacy flatmap format, which this provider does not read. Remove it with "terraform state rm" and import it again.`);
      return { diagnostics: diags };
    }
    if (req.version > e.schema.version) {
      diags.addError('Resource state from a newer provider', `The state was written by schema version ${req.version} but this provider knows version ${e.schema.version}. Upgrade the provider.`);
      return { diagnostics: diags };
    }
    let value;
    if (req.version === e.schema.version || !e.resource.upgradeState) {
      value = decodeJsonValue(raw, type);
    } else {
      const js = await e.resource.upgradeState({ version: req.version, rawState: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, diagnostics: diags });
      if (js === undefined || diags.hasError()) return { diagnostics: diags };
      value = fromJs(js, type);
    }
    return { upgradedState: encodeDynamic(nullWriteOnly(e.schema.root, known(value, type)), type), diagnostics: diags };
  }, () => ({ diagnostics: diags }));
}
