// Which plugins exist and how each is validated. Every plugin entity passes through
// validatePlugin: an unknown name is Kong's `plugin '…' not enabled` error; a known one is
// checked by its own schema (ai-proxy, key-auth) plus its scoping rules.
import type { CompiledSchema, ErrorTree, Validation } from '../kong-schema/index.js';
import { isPlainObject, schemaViolationMessage, setError } from '../kong-schema/index.js';
import { aiProxyPluginSchema } from '../ai-proxy/index.js';
import { keyAuthPluginSchema } from '../key-auth/index.js';
import type { Plugin } from '../entities.js';

export interface PluginDefinition {
  readonly name: string;
  readonly schema: CompiledSchema<unknown>;
  /** Kong's `typedefs.no_consumer`: the plugin cannot be scoped to a consumer. */
  readonly noConsumer?: boolean;
  /** Kong's `typedefs.no_consumer_group`. */
  readonly noConsumerGroup?: boolean;
}

export const PLUGINS: ReadonlyMap<string, PluginDefinition> = new Map<string, PluginDefinition>([
  ['ai-proxy', { name: 'ai-proxy', schema: aiProxyPluginSchema as CompiledSchema<unknown> }],
  [
    'key-auth',
    { name: 'key-auth', schema: keyAuthPluginSchema as CompiledSchema<unknown>, noConsumer: true, noConsumerGroup: true },
  ],
]);

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
  if (!def) return fail({ name: `plugin '${name}' not enabled; add it to the 'plugins' configuration property` });
  const res = def.schema.validate(input);
  const tree: ErrorTree = res.ok ? {} : structuredClone(res.fields);
  const value = res.ok ? (res.value as Record<string, unknown>) : input;
  if (def.noConsumer && isPlainObject(value.consumer)) setError(tree, ['consumer'], 'value must be null');
  if (def.noConsumerGroup && isPlainObject(value.consumer_group)) setError(tree, ['consumer_group'], 'value must be null');
  if (Object.keys(tree).length) return fail(tree);
  return { ok: true, value: value as unknown as Plugin };
}

/** Kong's default filling for a plugin of any known name (unknown names are returned as is). */
export function fillPluginDefaults(input: unknown): unknown {
  if (!isPlainObject(input) || typeof input.name !== 'string') return input;
  return PLUGINS.get(input.name)?.schema.fillDefaults(input) ?? input;
}
