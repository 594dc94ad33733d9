// ReadDataSource: the data source reads; the state Terraform gets holds the configured
// attributes exactly as configured and the computed ones from the read, wholly known (an
// unknown or missing result becomes null), so it always conforms to the configuration.
import { Diagnostics } from '../../common/index.js';
import { isObjectValue, type CtyObjectValue, type CtyValue } from '../../cty/index.js';
import type { ReadDataSourceRequest, ReadDataSourceResponse, RpcContext } from '../../tfplugin/index.js';
import { known } from '../plan/apply-result.js';
import type { CompiledObject } from '../schema/compile.js';
import { redactForLog } from '../schema/redact.js';
import { fromJs, toJs, type JsObject } from '../values.js';
import { decodeDynamic, encodeDynamic } from './codec.js';
import type { ServerState } from './state.js';

export async function readDataSource(state: ServerState, req: ReadDataSourceRequest, ctx: RpcContext): Promise<ReadDataSourceResponse> {
  const diags = new Diagnostics();
  return state.guard('ReadDataSource', req.typeName, diags, async () => {
    const e = state.dataSourceEntry(req.typeName, diags);
    if (!e) return { diagnostics: diags };
    const type = e.schema.root.type;
    const config = decodeDynamic(req.config, type, 'data source configuration', diags);
    if (config === undefined) return { diagnostics: diags };
    const result = await e.dataSource.read({
      config: (toJs(config, type) ?? {}) as JsObject,
      providerData: state.providerData,
      signal: state.signal(ctx),
      diagnostics: diags,
    });
    if (result === undefined || diags.hasError()) return { diagnostics: diags };
    const value = dataSourceState(e.schema.root, config, known(fromJs(result, type), type));
    if (state.log.enabled('trace')) state.log.trace('ReadDataSource state', { type: req.typeName, state: redactForLog(e.schema.root, value) });
    return { state: encodeDynamic(value, type), diagnostics: diags };
  }, () => ({ diagnostics: diags }));
}

/**
 * Configured values win over the read: a non-computed attribute is the configured value (inside
 * a configured nested object too); a computed one is the read's. An optional+computed attribute
 * that is configured keeps the configured value.
 */
export function dataSourceState(obj: CompiledObject, config: CtyValue, read: CtyValue): CtyObjectValue {
  const c = isObjectValue(config) ? config : {};
  const r = isObjectValue(read) ? read : {};
  const out: Record<string, CtyValue> = {};
  for (const [n, a] of Object.entries(obj.attributes)) {
    const cv = c[n] ?? null;
    if (!a.computed || cv !== null) out[n] = cv;
    else out[n] = r[n] ?? null;
  }
  return out;
}
