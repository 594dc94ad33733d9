// ai-proxy-advanced's `config.acls` (3.14): allow and deny rules, each a list of conditions
// ANDed together (kong-ai-plugins.md §1.1). Validated and kept; the gateway does not enforce
// them yet (the proxy side says so).
import { arr, el, rec, str } from '../kong-schema/index.js';
import { RLA_MATCH_TYPES } from '../ai-rate-limiting-advanced/config.js';

/** The same match vocabulary as ai-rate-limiting-advanced's policies. */
export const ACL_MATCH_TYPES = RLA_MATCH_TYPES;

const rules = <const N extends 'allow' | 'deny'>(name: N, description: string) =>
  arr(
    name,
    el.rec([
      arr(
        'match',
        el.rec([
          str('type', { required: true, enum: ACL_MATCH_TYPES, description: 'The attribute to match against.' }),
          str('key', {
            description: 'Helper key used by some types: consumer (id|username), consumer_group (id|name), header (header name).',
          }),
          arr('values', el.str(), { required: true, lenMin: 1, description: 'Allowed values for the selected type.' }),
        ] as const),
        { required: true, lenMin: 1, description: 'All conditions must match for the rule to apply (logical AND).' },
      ),
    ] as const),
    { lenMin: 1, description },
  );

export const aclsRecord = rec(
  'acls',
  [
    rules('allow', 'Requests matching any allow rule are permitted unless also matched by a deny rule.'),
    rules('deny', 'Requests matching any deny rule are blocked. Deny rules take precedence over allow rules.'),
  ] as const,
  { description: 'Optional ACL rules. Deny rules take precedence over allow rules.' },
);
