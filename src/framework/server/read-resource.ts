// ReadResource (refresh, and after import): the resource reads the remote object; null means it
// is gone, and Terraform plans a re-create. The answer must be wholly known.
import { Diagnostics } from '../../common/index.js';
import type { ReadResourceRequest, ReadResourceResponse, RpcContext } from '../../tfplugin/index.js';
import { known } from '../plan/apply-result.js';
import { nullWriteOnly } from '../plan/write-only.js';
import { redactForLog } from '../schema/redact.js';
import { fromJs, toJs, type JsObject } from '../values.js';
import { decodeDynamic, encodeDynamic } from './codec.js';
import type { ServerState } from './state.js';

export async function readResource(state: ServerState, req: ReadResourceRequest, ctx: RpcContext): Promise<ReadResourceResponse> {
  const diags = new Diagnostics();
  let current: ReadResourceResponse['newState'] = req.currentState;
  return state.guard('ReadResource', req.typeName, diags, async () => {
    const e = state.entry(req.typeName, diags);
    if (!e) return { newState: current, diagnostics: diags };
    const type = e.schema.root.type;
    const prior = decodeDynamic(req.currentState, type, 'current state', diags);
    if (prior === undefined || prior === null) return { newState: current, diagnostics: diags };
    const result = await e.resource.read({
      state: toJs(prior, type) as JsObject,
      providerData: state.providerData,
      signal: state.signal(ctx),
      diagnostics: diags,
    });
    if (result === undefined) return { newState: current, private: req.private, diagnostics: diags };
    if (result === null) {
      state.log.info('ReadResource: the remote object is gone; removing it from state', { type: req.typeName });
      return { newState: {}, diagnostics: diags };
    }
    const value = nullWriteOnly(e.schema.root, known(fromJs(result, type), type));
    if (state.log.enabled('trace')) state.log.trace('ReadResource state', { type: req.typeName, state: redactForLog(e.schema.root, value) });
    current = encodeDynamic(value, type);
    return { newState: current, private: req.private, diagnostics: diags };
  }, () => ({ newState: current, diagnostics: diags }));
}
