// ai-rate-limiting-advanced's cross-field rules (they land in `fields.config["@entity"]`):
// each provider pairs its nth limit with its nth window (Rate Limiting Advanced's message),
// `llm_providers` and `policies` exclude each other, `header`/`path` identifiers need their
// field, and `sync_rate` is -1, 0 or at least 0.02 s (the documented minimum).
import type { EntityCheck } from '../kong-schema/index.js';

const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;

export const rlaConfigChecks: readonly EntityCheck[] = [
  {
    kind: 'custom',
    fields: ['llm_providers', 'policies'],
    check: (c) =>
      nonEmpty(c.llm_providers) && nonEmpty(c.policies) ? "only one or none of these fields must be set: 'llm_providers', 'policies'" : undefined,
  },
  {
    kind: 'custom',
    fields: ['llm_providers'],
    check: (c) => {
      if (!Array.isArray(c.llm_providers)) return undefined;
      for (const p of c.llm_providers as { limit?: unknown; window_size?: unknown }[]) {
        if (Array.isArray(p?.limit) && Array.isArray(p.window_size) && p.limit.length !== p.window_size.length)
          return 'You must provide the same number of windows and limits';
      }
      return undefined;
    },
  },
  {
    kind: 'conditional',
    ifField: 'identifier',
    ifOneOf: ['header'],
    thenField: 'header_name',
    then: { required: true },
    thenErr: "failed conditional validation given value of field 'identifier'",
  },
  {
    kind: 'conditional',
    ifField: 'identifier',
    ifOneOf: ['path'],
    thenField: 'path',
    then: { required: true },
    thenErr: "failed conditional validation given value of field 'identifier'",
  },
  {
    kind: 'custom',
    fields: ['path'],
    check: (c) =>
      typeof c.path === 'string' && (!c.path.startsWith('/') || c.path.includes('//'))
        ? "path: should start with: / and must not have empty segments"
        : undefined,
  },
  {
    kind: 'custom',
    fields: ['sync_rate'],
    check: (c) =>
      typeof c.sync_rate === 'number' && c.sync_rate !== -1 && c.sync_rate !== 0 && c.sync_rate < 0.02
        ? 'sync_rate: must be -1, 0, or at least 0.02 (seconds)'
        : undefined,
  },
];
