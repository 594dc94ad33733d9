// konnect_gateway_plugin_ai_proxy's schema: the official attributes, derived from the one ai-proxy
// plugin table in src/schemas (attributesFromTable), plus control_plane_id and what we add over
// the official provider — a write-only `config.auth.header_value_wo` with its rotation trigger
// `config.auth.header_value_wo_version` (Terraform ≥ 1.11), and `sensitive` on the secrets (the
// table already flags them).
import {
  attr,
  attributesFromTable,
  useStateForUnknown,
  validate,
  type AttributeSpec,
  type Attributes,
  type SchemaSpec,
} from '../../framework/index.js';
import { aiProxyPluginView } from '../../schemas/index.js';
import { controlPlaneIdAttribute, plainDescriptions } from './schema-util.js';

export const AI_PROXY_TYPE = 'konnect_gateway_plugin_ai_proxy';

/** Write-only alternative to config.auth.header_value: sent to Konnect, never in plan or state. */
export const HEADER_VALUE_WO = 'header_value_wo';
/** Changing it (any number) makes Terraform plan an update, which sends header_value_wo again. */
export const HEADER_VALUE_WO_VERSION = 'header_value_wo_version';

type Nested = Extract<AttributeSpec, { kind: 'nested' }>;

function nested(spec: AttributeSpec | undefined, name: string): Nested {
  if (!spec || spec.kind !== 'nested') throw new TypeError(`the ai-proxy table has no nested attribute ${name}`);
  return spec;
}

function withAuthAdditions(config: Nested): Nested {
  const auth = nested(config.attributes.auth, 'config.auth');
  const authAttributes: Attributes = {
    ...auth.attributes,
    [HEADER_VALUE_WO]: attr.string({
      optional: true,
      writeOnly: true,
      sensitive: true,
      description:
        "Write-only alternative to `header_value` (Terraform 1.11 or later): the full auth header value, e.g. `\"Bearer ${var.huggingface_token}\"`. It is sent to Konnect but never stored in the plan or the state. Set `header_value_wo_version` with it, and change that number to send a new value. Conflicts with `header_value`.",
    }),
    [HEADER_VALUE_WO_VERSION]: attr.number({
      optional: true,
      description:
        'Any number; changing it makes Terraform send `header_value_wo` to Konnect again (rotation). Required with `header_value_wo`.',
    }),
  };
  return { ...config, attributes: { ...config.attributes, auth: { ...auth, attributes: authAttributes } } };
}

/** Sets the description kind of the attribute at `path` (the official schema's one markdown description). */
function withKind(attrs: Attributes, path: readonly string[], kind: 'plain' | 'markdown'): Attributes {
  const [head, ...rest] = path;
  const a = head === undefined ? undefined : attrs[head];
  if (!a || head === undefined) throw new TypeError(`no attribute ${path.join('.')}`);
  if (rest.length === 0) return { ...attrs, [head]: { ...a, descriptionKind: kind } };
  const n = nested(a, head);
  return { ...attrs, [head]: { ...n, attributes: withKind(n.attributes, rest, kind) } };
}

function buildSchema(): SchemaSpec {
  const table = attributesFromTable(aiProxyPluginView);
  const config = withAuthAdditions(nested(table.config, 'config'));
  const id = table.id;
  const createdAt = table.created_at;
  if (!id || !createdAt) throw new TypeError('the ai-proxy plugin table lacks id/created_at');
  return {
    description: 'GatewayPluginAiProxy Resource',
    // The official schema renders every attribute description as plain text, but one.
    attributes: withKind(plainDescriptions({
      ...table,
      // Neither changes after creation: keep them in the plan instead of "(known after apply)".
      id: { ...id, planModifiers: [useStateForUnknown()], validators: [validate.lengthAtLeast(1)] },
      created_at: { ...createdAt, planModifiers: [useStateForUnknown()] },
      config: { ...config, required: true },
      control_plane_id: controlPlaneIdAttribute(),
    }), ['config', 'model', 'options', 'dashscope', 'international'], 'markdown'),
  };
}

export const aiProxySchema: SchemaSpec = buildSchema();
