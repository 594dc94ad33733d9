// How the KIC, Konnect and Admin API sources turn a plugin from their system into a snapshot
// plugin, through the one schema in src/schemas: a name Kong does not know is refused with
// Kong's `plugin '…' not enabled` text (the source then rejects the whole configuration and keeps
// the last good one, as a Kong data plane does); ai-proxy and key-auth are validated and
// defaults-filled; other known plugins are carried as given, and the proxy refuses the requests
// they apply to (src/gateway/plugins/unsupported.ts).
import { validatePlugin, type Plugin } from '../../schemas/index.js';

export type PreparedPlugin = { readonly plugin: Plugin } | { readonly error: string };

export function preparePlugin(plugin: Plugin): PreparedPlugin {
  const res = validatePlugin(plugin);
  return res.ok ? { plugin: res.value } : { error: res.message };
}
