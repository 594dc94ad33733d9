// Gateway API specifics of the KIC translation: which HTTPRoutes KIC serves (those attached to a
// Gateway of its GatewayClass) and the Kong paths it writes for an HTTPRoute path match.
import type { Manifest } from './manifests.js';

/** The controllerName of KIC's GatewayClass. */
export const KIC_GATEWAY_CONTROLLER = 'konghq.com/kic-gateway-controller';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const specOf = (m: Manifest): Record<string, unknown> => (isObject(m.raw['spec']) ? m.raw['spec'] : {});

/** A Gateway API path match as the Kong paths KIC writes for it. PathPrefix matches whole path
 *  segments, so `/hf` becomes `~/hf$` (the path itself) and `/hf/` (anything below it): a plain
 *  Kong prefix `/hf` would also take `/hfoo`. */
export function httpRoutePaths(type: string, value: string): string[] {
  if (type === 'Exact') return [`~${value}$`];
  if (type === 'RegularExpression') return [`~${value}`];
  return [`~${value}$`, value.endsWith('/') ? value : `${value}/`];
}

/** An Ingress path as the Kong paths KIC writes (its PathsFromIngressPaths): Prefix matches whole
 *  segments — `/` stays `/`, `/hf` and `/hf/` become `/hf/` and `~/hf$`; Exact → `~/x$`;
 *  ImplementationSpecific (and an absent type) → the path as a plain Kong prefix, `/` if empty. */
export function ingressPaths(pathType: unknown, value: string): string[] {
  if (pathType === 'Exact') return [`~/${value.replace(/^\/+/, '')}$`];
  if (pathType === 'Prefix') {
    const base = value.replace(/^\/+|\/+$/g, '');
    return base === '' ? ['/'] : [`/${base}/`, `~/${base}$`];
  }
  return [value === '' ? '/' : value];
}

/**
 * Why KIC would not serve this HTTPRoute, or undefined when it would. KIC serves an HTTPRoute
 * attached (parentRefs) to a Gateway whose GatewayClass names KIC's controller. Gateways and
 * GatewayClasses that are not among the manifests are taken to be KIC's (the manifests often
 * hold only the application's objects); one that is there and belongs to another controller
 * does not count.
 */
export function notServedReason(route: Manifest, manifests: readonly Manifest[]): string | undefined {
  const namespace = route.metadata.namespace ?? 'default';
  const refs = (Array.isArray(specOf(route)['parentRefs']) ? (specOf(route)['parentRefs'] as unknown[]) : []).filter(isObject);
  const gatewayRefs = refs.filter((r) => (r['kind'] ?? 'Gateway') === 'Gateway' && (r['group'] ?? 'gateway.networking.k8s.io') === 'gateway.networking.k8s.io');
  if (!gatewayRefs.length) return `spec.parentRefs names no Gateway; KIC serves only HTTPRoutes attached to a Gateway of its GatewayClass (add parentRefs: [{ name: <gateway> }])`;
  const foreign: string[] = [];
  for (const ref of gatewayRefs) {
    const gwNamespace = typeof ref['namespace'] === 'string' ? ref['namespace'] : namespace;
    const gateway = manifests.find((m) => m.kind === 'Gateway' && (m.metadata.namespace ?? 'default') === gwNamespace && m.metadata.name === String(ref['name']));
    if (!gateway) return undefined;
    const className = specOf(gateway)['gatewayClassName'];
    const gatewayClass = manifests.find((m) => m.kind === 'GatewayClass' && m.metadata.name === className);
    const controller = gatewayClass ? specOf(gatewayClass)['controllerName'] : KIC_GATEWAY_CONTROLLER;
    if (controller === KIC_GATEWAY_CONTROLLER) return undefined;
    foreign.push(`Gateway ${gwNamespace}/${gateway.metadata.name} (GatewayClass ${String(className)}, controllerName ${String(controller)})`);
  }
  return `its parent ${foreign.join(', ')} is not KIC's; KIC serves only Gateways whose GatewayClass has controllerName ${KIC_GATEWAY_CONTROLLER}`;
}
