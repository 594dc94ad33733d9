// KONNECT_RETRY_BUDGET: how long one Konnect call may keep retrying 429/5xx answers and broken
// connections (default 60 s). The official provider has no such setting, so it is an environment
// variable rather than a provider attribute; a value that is not a duration is a configuration
// error naming the variable.
import type { Diagnostics } from '../common/index.js';
import { DEFAULT_RETRY_BUDGET_MS, parseRetryBudget } from '../konnect/index.js';

export const RETRY_BUDGET_ENV = 'KONNECT_RETRY_BUDGET';

/** The budget in ms from the environment; undefined (with an error added) when it is malformed. */
export function retryBudgetFromEnv(env: NodeJS.ProcessEnv, diags: Diagnostics): number | undefined {
  const raw = env[RETRY_BUDGET_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_RETRY_BUDGET_MS;
  const r = parseRetryBudget(raw, RETRY_BUDGET_ENV);
  if ('error' in r) {
    diags.addError(`Invalid ${RETRY_BUDGET_ENV}`, `${r.error}. Unset it to use the default of ${DEFAULT_RETRY_BUDGET_MS / 1000} s.`);
    return undefined;
  }
  return r.ms;
}
