// Schema pieces the konnect_gateway_* resources share: the official `control_plane_id`, the
// official "plain" description kind, and state-keeping plan modifiers on ids and creation times.
import { attr, requiresReplaceIfConfigured, useStateForUnknown, type AttributeSpec, type Attributes } from '../../framework/index.js';

export const controlPlaneIdAttribute = (): AttributeSpec =>
  attr.string({
    required: true,
    description: 'The UUID of your control plane. This variable is available in the Konnect manager. Requires replacement if changed.',
    descriptionKind: 'plain',
    planModifiers: [requiresReplaceIfConfigured()],
  });

/** Every description in `attrs` (recursively) rendered as plain text, as the official schema says, except `markdown` names. */
export function plainDescriptions(attrs: Attributes, markdown: ReadonlySet<string> = new Set()): Attributes {
  const out: Record<string, AttributeSpec> = {};
  for (const [name, spec] of Object.entries(attrs)) {
    const kind = spec.descriptionKind ?? (markdown.has(name) ? 'markdown' : 'plain');
    out[name] = spec.kind === 'nested' ? { ...spec, descriptionKind: kind, attributes: plainDescriptions(spec.attributes) } : { ...spec, descriptionKind: kind };
  }
  return out;
}

/**
 * Better than the official provider: ids and creation times never change after creation, so
 * an update plans their prior value instead of "(known after apply)".
 */
export function keepStable(attrs: Attributes, names: readonly string[]): Attributes {
  const out: Record<string, AttributeSpec> = { ...attrs };
  for (const n of names) {
    const a = out[n];
    if (a) out[n] = { ...a, planModifiers: [...(a.planModifiers ?? []), useStateForUnknown()] };
  }
  return out;
}
