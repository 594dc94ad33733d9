// The schema-driven part of PlanResourceChange, in Terraform's order:
//  1. start from core's proposed new state (config, plus prior values for computed attributes
//     the config leaves null);
//  2. plan defaults where the config is null;
//  3. on create, or when anything differs from the prior state, plan computed attributes
//     without a config value or default as unknown ("known after apply");
//  4. run the attribute plan modifiers (useStateForUnknown, requiresReplace…).
// The resource's own modifyPlan and nulling write-only attributes follow in server/.
import { AttributePath, Diagnostics } from '../../common/index.js';
import { valueEquals, type CtyValue } from '../../cty/index.js';
import type { CompiledSchema } from '../schema/compile.js';
import { applyDefaults } from './defaults.js';
import { runPlanModifiers } from './modifiers.js';
import { markComputedUnknown } from './unknowns.js';
import { nullWriteOnly } from './write-only.js';

export interface SchemaPlan {
  readonly planned: CtyValue;
  readonly requiresReplace: AttributePath[];
  readonly diagnostics: Diagnostics;
}

export function planFromSchema(schema: CompiledSchema, prior: CtyValue, proposed: CtyValue, config: CtyValue): SchemaPlan {
  if (proposed === null) return { planned: null, requiresReplace: [], diagnostics: new Diagnostics() };
  const root = AttributePath.root;
  // Write-only values are never planned; nulling them first also keeps them out of the change check.
  let planned = applyDefaults(schema.root, config, nullWriteOnly(schema.root, proposed), root);
  const changing = prior === null || !valueEquals(planned, prior, schema.root.type);
  if (changing) planned = markComputedUnknown(schema.root, config, planned, root);
  const mods = runPlanModifiers(schema.root, config, prior, planned, prior !== null, root);
  return { planned: mods.planned, requiresReplace: prior === null ? [] : mods.requiresReplace, diagnostics: mods.diagnostics };
}
