// ai-prompt-guard's cross-field rules, at the plugin entity as Kong declares them (Kong's
// schema.lua entity_checks): one of allow/deny patterns is non-empty, and `match_all_roles`
// needs `allow_all_conversation_history: false`. Beyond Kong: every pattern must compile
// (pattern.ts), so a bad one is refused when configured, naming it, instead of answering 500
// at request time as Kong does.
import type { EntityCheck } from '../kong-schema/index.js';
import { compilePattern } from './pattern.js';

const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

function patternProblem(c: Record<string, unknown>, field: 'allow_patterns' | 'deny_patterns'): string | undefined {
  const list = c[field];
  if (!Array.isArray(list)) return undefined;
  for (const [i, p] of list.entries()) {
    if (typeof p !== 'string') continue;
    const r = compilePattern(p);
    if (!r.ok) return `config.${field}[${i + 1}] ('${p}'): ${r.reason}; fix or escape the pattern`;
  }
  return undefined;
}

/** Checks on the plugin entity (paths relative to it). */
export const guardPluginChecks: readonly EntityCheck[] = [
  {
    // Kong's at_least_one_of treats an empty array as empty
    kind: 'custom',
    fields: ['config.allow_patterns', 'config.deny_patterns'],
    check: (p) => {
      const c = (p.config ?? {}) as Record<string, unknown>;
      return nonEmpty(c.allow_patterns) || nonEmpty(c.deny_patterns)
        ? undefined
        : "at least one of these fields must be non-empty: 'config.allow_patterns', 'config.deny_patterns'";
    },
  },
  {
    kind: 'conditional',
    ifField: 'config.match_all_roles',
    ifOneOf: [true],
    thenField: 'config.allow_all_conversation_history',
    then: { eq: () => false },
    thenErr: "failed conditional validation given value of field 'config.match_all_roles'",
    fieldMessage: true,
  },
  { kind: 'custom', fields: ['config.allow_patterns'], check: (p) => patternProblem((p.config ?? {}) as Record<string, unknown>, 'allow_patterns') },
  { kind: 'custom', fields: ['config.deny_patterns'], check: (p) => patternProblem((p.config ?? {}) as Record<string, unknown>, 'deny_patterns') },
];
