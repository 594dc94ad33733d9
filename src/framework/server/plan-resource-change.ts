// PlanResourceChange: the schema-driven plan (defaults, unknowns, plan modifiers), then the
// resource's modifyPlan, then write-only attributes nulled. Destroys plan null.
import { Diagnostics } from '../../common/index.js';
import type { PlanResourceChangeRequest, PlanResourceChangeResponse, RpcContext } from '../../tfplugin/index.js';
import { planFromSchema } from '../plan/plan.js';
import { nullWriteOnly } from '../plan/write-only.js';
import { redactForLog } from '../schema/redact.js';
import { fromJs, toJs, type JsObject } from '../values.js';
import { decodeDynamic, encodeDynamic } from './codec.js';
import type { ServerState } from './state.js';

export async function planResourceChange(state: ServerState, req: PlanResourceChangeRequest, ctx: RpcContext): Promise<PlanResourceChangeResponse> {
  const diags = new Diagnostics();
  return state.guard('PlanResourceChange', req.typeName, diags, async () => {
    const e = state.entry(req.typeName, diags);
    if (!e) return { diagnostics: diags };
    const type = e.schema.root.type;
    const prior = decodeDynamic(req.priorState, type, 'prior state', diags);
    const proposed = decodeDynamic(req.proposedNewState, type, 'proposed new state', diags);
    const config = decodeDynamic(req.config, type, 'configuration', diags);
    if (prior === undefined || proposed === undefined || config === undefined) return { diagnostics: diags };
    if (proposed === null) return { plannedState: encodeDynamic(null, type), diagnostics: diags };

    const sp = planFromSchema(e.schema, prior, proposed, config);
    diags.append(sp.diagnostics);
    let planned = sp.planned;
    const requiresReplace = [...sp.requiresReplace];
    if (e.resource.modifyPlan && !diags.hasError()) {
      const mreq = {
        config: toJs(config, type) as JsObject,
        state: prior === null ? null : (toJs(prior, type) as JsObject),
        plan: toJs(planned, type) as JsObject,
        requiresReplace,
        providerData: state.providerData,
        // Made when read: few modifyPlan calls need one (AbortSignal.any per plan showed in profiles).
        get signal() {
          return state.signal(ctx);
        },
        diagnostics: diags,
      };
      await e.resource.modifyPlan(mreq);
      planned = fromJs(mreq.plan, type);
    }
    planned = nullWriteOnly(e.schema.root, planned);
    if (state.log.enabled('trace')) {
      state.log.trace('PlanResourceChange planned', { type: req.typeName, planned: redactForLog(e.schema.root, planned), requires_replace: requiresReplace.map(String) });
    }
    return {
      plannedState: encodeDynamic(planned, type),
      requiresReplace: prior === null ? [] : requiresReplace,
      plannedPrivate: req.priorPrivate,
      diagnostics: diags,
    };
  }, () => ({ diagnostics: diags }));
}
