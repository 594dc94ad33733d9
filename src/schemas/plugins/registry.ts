// Which plugins exist and how each is validated. Every plugin entity passes through
// validatePlugin: a name Kong does not know (known-plugins.ts) is Kong's `plugin '…' not
// enabled` error; ai-proxy, ai-proxy-advanced, ai-rate-limiting-advanced, ai-prompt-guard, ai-prompt-decorator, prometheus and key-auth are checked by their own schema plus their scoping
// rules; any other known plugin by the plugin record alone, its `config` kept as given (a record).
import type { CompiledSchema, ErrorTree, NamedField, RecordField, Validation } from '../kong-schema/index.js';
import { compileSchema, el, isPlainObject, json, schemaViolationMessage, set, setError } from '../kong-schema/index.js';
import { aiProxyPluginSchema } from '../ai-proxy/index.js';
import { aiProxyAdvancedPluginSchema } from '../ai-proxy-advanced/index.js';
import { keyAuthPluginSchema } from '../key-auth/index.js';
import { aiRateLimitingPluginSchema } from '../ai-rate-limiting-advanced/index.js';
import { prometheusPluginSchema } from '../prometheus/index.js';
import { aiPromptGuardPluginSchema } from '../ai-prompt-guard/index.js';
import { aiPromptDecoratorPluginSchema } from '../ai-prompt-decorator/index.js';
import type { Plugin } from '../entities.js';
import { KNOWN_PLUGINS, pluginNotEnabled } from './known-plugins.js';
import { pluginRecordFields } from './record.js';

export interface PluginDefinition {
  readonly name: string;
  readonly schema: CompiledSchema<unknown>;
  /** Kong's `typedefs.no_consumer`: the plugin cannot be scoped to a consumer. */
  readonly noConsumer?: boolean;
  /** Kong's `typedefs.no_consumer_group`. */
  readonly noConsumerGroup?: boolean;
  /** `config: null` means the defaults (Konnect's OpenAPI declares the whole config nullable). */
  readonly nullConfig?: boolean;
}

export const PLUGINS: ReadonlyMap<string, PluginDefinition> = new Map<string, PluginDefinition>([
  ['ai-proxy', { name: 'ai-proxy', schema: aiProxyPluginSchema as CompiledSchema<unknown> }],
  ['ai-proxy-advanced', { name: 'ai-proxy-advanced', schema: aiProxyAdvancedPluginSchema as CompiledSchema<unknown> }],
  ['ai-rate-limiting-advanced', { name: 'ai-rate-limiting-advanced', schema: aiRateLimitingPluginSchema as CompiledSchema<unknown> }],
  ['ai-prompt-guard', { name: 'ai-prompt-guard', schema: aiPromptGuardPluginSchema as CompiledSchema<unknown> }],
  ['ai-prompt-decorator', { name: 'ai-prompt-decorator', schema: aiPromptDecoratorPluginSchema as CompiledSchema<unknown> }],
  [
    'prometheus',
    { name: 'prometheus', schema: prometheusPluginSchema as CompiledSchema<unknown>, noConsumerGroup: true, nullConfig: true },
  ],
  [
    'key-auth',
    { name: 'key-auth', schema: keyAuthPluginSchema as CompiledSchema<unknown>, noConsumer: true, noConsumerGroup: true },
  ],
]);

/** Kong's `typedefs.protocols` (every subsystem): a plugin without its own schema here may list any. */
const ALL_PROTOCOLS = ['grpc', 'grpcs', 'http', 'https', 'tcp', 'tls', 'tls_passthrough', 'udp', 'ws', 'wss'] as const;

/** The plugin record for known plugins without a schema here: `config` any record, defaults unknown. */
const otherPluginSchema: CompiledSchema<unknown> = compileSchema<unknown>(
  pluginRecordFields(json('config', { default: {} }) as unknown as RecordField & { readonly name: 'config' }).map((f: NamedField) =>
    f.name === 'protocols' ? set('protocols', el.str({ enum: ALL_PROTOCOLS }), { required: true, default: ['grpc', 'grpcs', 'http', 'https'] }) : f,
  ),
);

function fail(tree: ErrorTree): Validation<Plugin> {
  return { ok: false, fields: tree, message: schemaViolationMessage(tree) };
}

/** Fill defaults and validate a plugin entity by its `name`. */
export function validatePlugin(input: unknown): Validation<Plugin> {
  if (!isPlainObject(input)) return fail({ '@entity': ['expected a record'] } as ErrorTree);
  const name = input.name;
  if (name === undefined || name === null) return fail({ name: 'required field missing' });
  if (typeof name !== 'string') return fail({ name: 'expected a string' });
  const def = PLUGINS.get(name);
  if (!def) return KNOWN_PLUGINS.has(name) ? validateOtherPlugin(input) : fail({ name: pluginNotEnabled(name) });
  const res = def.schema.validate(def.nullConfig && input.config === null ? { ...input, config: {} } : input);
  const tree: ErrorTree = res.ok ? {} : structuredClone(res.fields);
  const value = res.ok ? (res.value as Record<string, unknown>) : input;
  if (def.noConsumer && isPlainObject(value.consumer)) setError(tree, ['consumer'], 'value must be null');
  if (def.noConsumerGroup && isPlainObject(value.consumer_group)) setError(tree, ['consumer_group'], 'value must be null');
  if (Object.keys(tree).length) return fail(tree);
  return { ok: true, value: value as unknown as Plugin };
}

/** A known plugin this project has no schema for: the plugin record, and `config` a record (kept as given). */
function validateOtherPlugin(input: Record<string, unknown>): Validation<Plugin> {
  const res = otherPluginSchema.validate(input.config === null ? { ...input, config: {} } : input);
  const tree: ErrorTree = res.ok ? {} : structuredClone(res.fields);
  const value = (res.ok ? res.value : input) as Record<string, unknown>;
  if (!isPlainObject(value.config)) setError(tree, ['config'], 'expected a record');
  if (Object.keys(tree).length) return fail(tree);
  return { ok: true, value: value as unknown as Plugin };
}

/** Kong's default filling for a plugin of any known name (unknown names are returned as is). */
export function fillPluginDefaults(input: unknown): unknown {
  if (!isPlainObject(input) || typeof input.name !== 'string') return input;
  return PLUGINS.get(input.name)?.schema.fillDefaults(input) ?? input;
}
