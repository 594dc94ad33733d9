// ai-proxy-advanced's cross-field rules. Per target (`config.targets[i]["@entity"]`): ai-proxy's
// own rules (Kong's llm.config_schema entity checks: auth pairs, per-provider options, …), since
// each target is that schema. For the plugin (`fields["@entity"]`): `semantic` needs a
// description on every target (Kong's message). Kong 3.8/3.9's "mixing different providers"
// rule is gone since 3.10 (cross-provider fallback), so it is not here.
import type { EntityCheck } from '../kong-schema/index.js';
import { getPath } from '../kong-schema/index.js';
import { aiProxyConfigChecks } from '../ai-proxy/index.js';

export const targetChecks: readonly EntityCheck[] = aiProxyConfigChecks;

export const aipaPluginChecks: readonly EntityCheck[] = [
  {
    kind: 'custom',
    fields: ['config.targets', 'config.balancer'],
    check: (plugin) => {
      if (getPath(plugin, 'config.balancer.algorithm') !== 'semantic') return undefined;
      const targets = getPath(plugin, 'config.targets');
      if (!Array.isArray(targets)) return undefined;
      const missing = targets.some((t) => {
        const d = (t as { description?: unknown } | null)?.description;
        return typeof d !== 'string' || d === '';
      });
      return missing ? 'description field is required for every target in config.targets array' : undefined;
    },
  },
];
