// ApplyResourceChange: create (no prior state), update, or delete (planned null). The new state
// keeps every known planned value and takes computed ones from the resource's answer, so the
// result is always consistent with the plan; on failure the prior state is kept.
import { Diagnostics } from '../../common/index.js';
import type { ApplyResourceChangeRequest, ApplyResourceChangeResponse, DynamicValue, RpcContext } from '../../tfplugin/index.js';
import { mergeApplied } from '../plan/apply-result.js';
import { nullWriteOnly } from '../plan/write-only.js';
import { redactForLog } from '../schema/redact.js';
import { fromJs, toJs, type JsObject } from '../values.js';
import { decodeDynamic, encodeDynamic } from './codec.js';
import type { ServerState } from './state.js';

export async function applyResourceChange(state: ServerState, req: ApplyResourceChangeRequest, ctx: RpcContext): Promise<ApplyResourceChangeResponse> {
  const diags = new Diagnostics();
  // Until the call succeeds, the answer is the prior state (nothing changed that we know of).
  let fallback: DynamicValue = req.priorState;
  return state.guard('ApplyResourceChange', req.typeName, diags, async () => {
    const e = state.entry(req.typeName, diags);
    if (!e) return { newState: fallback, diagnostics: diags };
    const type = e.schema.root.type;
    const prior = decodeDynamic(req.priorState, type, 'prior state', diags);
    const planned = decodeDynamic(req.plannedState, type, 'planned state', diags);
    const config = decodeDynamic(req.config, type, 'configuration', diags);
    if (prior === undefined || planned === undefined || config === undefined) return { newState: fallback, diagnostics: diags };
    const base = { providerData: state.providerData, signal: state.signal(ctx), diagnostics: diags };

    if (planned === null) {
      if (prior !== null) await e.resource.delete({ ...base, state: toJs(prior, type) as JsObject });
      return { newState: diags.hasError() ? fallback : encodeDynamic(null, type), diagnostics: diags };
    }
    const plan = toJs(planned, type) as JsObject;
    const cfg = toJs(config, type) as JsObject;
    const result =
      prior === null
        ? await e.resource.create({ ...base, plan, config: cfg })
        : await e.resource.update({ ...base, plan, config: cfg, state: toJs(prior, type) as JsObject });
    if (result === undefined) {
      if (!diags.hasError()) diags.addError(`${req.typeName}: no result`, 'The resource returned nothing and reported no error. This is a bug in the provider.');
      return { newState: fallback, diagnostics: diags };
    }
    const value = nullWriteOnly(e.schema.root, mergeApplied(planned, fromJs(result, type), type));
    if (state.log.enabled('trace')) state.log.trace('ApplyResourceChange new state', { type: req.typeName, state: redactForLog(e.schema.root, value) });
    fallback = encodeDynamic(value, type);
    return { newState: fallback, private: req.plannedPrivate, diagnostics: diags };
  }, () => ({ newState: fallback, diagnostics: diags }));
}
