// How the KIC, Konnect and Admin API sources turn a plugin from their system into a snapshot
// plugin: plugins this gateway knows (ai-proxy, key-auth) are validated and defaults-filled by
// the one schema in src/schemas (Kong's error text on failure); other plugin names are carried
// as given, since Kong would run them and this gateway does not act on them.
import { PLUGINS, validatePlugin, type Plugin } from '../../schemas/index.js';

export type PreparedPlugin = { readonly plugin: Plugin } | { readonly error: string };

export function preparePlugin(plugin: Plugin): PreparedPlugin {
  if (!PLUGINS.has(plugin.name)) return { plugin };
  const res = validatePlugin(plugin);
  return res.ok ? { plugin: res.value } : { error: res.message };
}
