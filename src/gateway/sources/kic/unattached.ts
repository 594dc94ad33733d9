// A KongPlugin (or a KongClusterPlugin that is not global) that no `konghq.com/plugins`
// annotation names applies to nothing: KIC ignores it. `explain` and the load warnings list it
// with the command that attaches it — for the Ingresses and HTTPRoutes among the manifests when
// there are any (keeping plugins they already name), otherwise the form to fill in.
import type { Manifest } from './manifests.js';

const PLUGINS = 'konghq.com/plugins';
const ROUTE_KINDS: Readonly<Record<string, string>> = { Ingress: 'ingress', HTTPRoute: 'httproute' };

/** kubectl commands that attach `plugin` (a KongPlugin or KongClusterPlugin manifest); the first is the likeliest. */
export function attachCommands(plugin: Manifest, manifests: readonly Manifest[]): string[] {
  const cluster = plugin.kind === 'KongClusterPlugin';
  const name = plugin.metadata.name;
  const namespace = plugin.metadata.namespace ?? 'default';
  const ns = (m: Manifest) => m.metadata.namespace ?? 'default';
  const routes = manifests.filter((m) => ROUTE_KINDS[m.kind] && (cluster || ns(m) === namespace)).slice(0, 3);
  const out = routes.map((m) => {
    const existing = (m.metadata.annotations[PLUGINS] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const value = [...existing, name].join(',');
    return `kubectl annotate ${ROUTE_KINDS[m.kind]} ${m.metadata.name} -n ${ns(m)}${existing.length ? ' --overwrite' : ''} ${PLUGINS}=${value}`;
  });
  const where = cluster ? '<namespace>' : namespace;
  if (out.length === 0) out.push(`kubectl annotate ingress <name> -n ${where} ${PLUGINS}=${name}`);
  out.push(`kubectl annotate service <name> -n ${where} ${PLUGINS}=${name}`, `kubectl annotate kongconsumer <name> -n ${where} ${PLUGINS}=${name}`);
  if (cluster) out.push(`kubectl label kongclusterplugin ${name} global=true (to apply it to every request)`);
  return out;
}
