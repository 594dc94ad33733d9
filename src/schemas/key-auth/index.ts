// key-auth/: Kong's key-auth plugin schema (config table + derived validator, defaults, view,
// types), in the same style as ai-proxy. The credential entity lives in ../entities/.
import type { CompiledSchema, RecordOf, ValueOf } from '../kong-schema/index.js';
import { compileSchema, describeFields, type AttributeView } from '../kong-schema/index.js';
import { pluginRecordFields } from '../plugins/record.js';
import { keyAuthConfigRecord } from './config.js';

export { keyAuthConfigRecord } from './config.js';

export const keyAuthPluginFields = pluginRecordFields(keyAuthConfigRecord);
export type KeyAuthConfig = ValueOf<typeof keyAuthConfigRecord>;
export type KeyAuthPlugin = RecordOf<typeof keyAuthPluginFields>;

export const keyAuthPluginSchema: CompiledSchema<KeyAuthPlugin> = compileSchema<KeyAuthPlugin>(keyAuthPluginFields);
export const keyAuthConfigSchema: CompiledSchema<KeyAuthConfig> = compileSchema<KeyAuthConfig>(keyAuthConfigRecord.fields);

export function fillKeyAuthDefaults(config: unknown): unknown {
  return keyAuthConfigSchema.fillDefaults(config);
}

export const keyAuthConfigView: readonly AttributeView[] = describeFields(keyAuthConfigRecord.fields, 'config');
