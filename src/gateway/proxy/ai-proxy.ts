// An ai-proxy plugin instance prepared for the request path: its driver's plan (translator,
// upstream target, auth placement) and limits are worked out once per snapshot, not per request.
import type { Plugin } from '../../schemas/entities.js';
import type { AiProxyConfig } from '../../schemas/index.js';
import { isUnsupported, planFor, type DriverPlan, type ModelSettings, type RouteType } from '../drivers/index.js';

export interface PreparedAiProxy {
  readonly plugin: Plugin;
  readonly config: AiProxyConfig;
  /** The driver's plan; null when this gateway cannot run the config (message in `unsupported`). */
  readonly plan: DriverPlan | null;
  readonly unsupported: { readonly message: string; readonly status: 400 | 500 } | null;
  readonly routeType: RouteType;
  readonly model: ModelSettings;
  /** 0 = unlimited. */
  readonly maxBody: number;
}

export function prepareAiProxy(plugin: Plugin): PreparedAiProxy {
  const config = plugin.config as unknown as AiProxyConfig;
  const planned = planFor(config);
  return {
    plugin,
    config,
    plan: isUnsupported(planned) ? null : planned,
    unsupported: isUnsupported(planned) ? { message: planned.unsupported, status: planned.status } : null,
    routeType: config.route_type as RouteType,
    model: config.model as unknown as ModelSettings,
    maxBody: config.max_request_body_size ?? 0,
  };
}
