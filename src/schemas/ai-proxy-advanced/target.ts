// ai-proxy-advanced's `config.targets[]` element: Kong deep-copies llm.config_schema — the
// ai-proxy fields route_type, auth, model and logging, reused here as they are — and adds
// `weight` and `description` (kong-ai-plugins.md §1.3). Each target gets ai-proxy's own
// cross-field rules (checks.ts).
import { int, rec, str } from '../kong-schema/index.js';
import { authRecord } from '../ai-proxy/auth.js';
import { loggingRecord, routeTypeField } from '../ai-proxy/config.js';
import { modelRecord } from '../ai-proxy/model.js';

export const targetFields = [
  routeTypeField,
  authRecord,
  modelRecord,
  loggingRecord,
  int('weight', {
    default: 100,
    between: [1, 65535],
    description: 'The weight this target gets within the upstream loadbalancer (1-65535). Only used by ai-proxy-advanced. Default: 100',
  }),
  str('description', {
    description:
      "The semantic description of the target, required if using semantic load balancing. Specially, setting this to 'CATCHALL' will indicate such target to be used when no other targets match the semantic threshold. Only used by ai-proxy-advanced.",
  }),
] as const;

/** The element record (named for error paths and views). */
export const targetRecord = rec('targets', targetFields);
