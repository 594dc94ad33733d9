// Plan modifiers: per-attribute hooks run after defaults and after computed attributes were
// marked unknown. They may replace the planned value and ask for replacement.
import type { AttributePath, Diagnostics } from '../../common/index.js';
import { isUnknown, valueEquals, type CtyType, type CtyValue } from '../../cty/index.js';

export interface PlanModifierRequest {
  readonly path: AttributePath;
  readonly type: CtyType;
  readonly config: CtyValue;
  /** The prior state's value here; null when the resource is being created. */
  readonly state: CtyValue;
  readonly plan: CtyValue;
  /** False on create (no prior state). */
  readonly priorExists: boolean;
}

export interface PlanModifierResponse {
  plan: CtyValue;
  requiresReplace: boolean;
  readonly diagnostics: Diagnostics;
}

export interface PlanModifier {
  /** One sentence, used in docs. */
  readonly description: string;
  modify(req: PlanModifierRequest, resp: PlanModifierResponse): void;
}

/** Keep the prior value of a computed attribute instead of "(known after apply)" on update. */
export function useStateForUnknown(): PlanModifier {
  return {
    description: 'The value does not change after creation.',
    modify(req, resp) {
      if (!req.priorExists || req.state === null || isUnknown(req.state)) return;
      if (!isUnknown(resp.plan) || req.config !== null) return;
      resp.plan = req.state;
    },
  };
}

function changed(req: PlanModifierRequest, plan: CtyValue): boolean {
  return isUnknown(plan) || !valueEquals(plan, req.state, req.type);
}

/** Changing the value destroys and re-creates the resource. */
export function requiresReplace(): PlanModifier {
  return {
    description: 'Changing it forces a new resource.',
    modify(req, resp) {
      if (req.priorExists && changed(req, resp.plan)) resp.requiresReplace = true;
    },
  };
}

/** Like requiresReplace, but only when the value is set in the configuration. */
export function requiresReplaceIfConfigured(): PlanModifier {
  return {
    description: 'Changing a configured value forces a new resource.',
    modify(req, resp) {
      if (req.priorExists && req.config !== null && changed(req, resp.plan)) resp.requiresReplace = true;
    },
  };
}
