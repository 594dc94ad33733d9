// proxy/: the request path — per-snapshot compilation (router, plugin selection, prepared
// ai-proxy and ai-proxy-advanced instances, balancers kept across snapshots) and the list of
// stages a request goes through.
export { compileConfig, type CompiledConfig } from './compiled.js';
export { createProxyHandler, STAGES, type ErrorReporter } from './handler.js';
export { setLogWriter, type LogWriter } from './stages/analytics.js';
export type { ProxyContext } from './context.js';
export { DEFAULT_CLIENT_BODY_TIMEOUT_MS, DEFAULT_PROXY_SETTINGS, NODE_MAX_HEADER_SIZE, type ProxySettings } from './limits.js';
export type { PreparedAiProxy } from './ai-proxy.js';
export type { PreparedAiProxyAdvanced } from './ai-proxy-advanced.js';
export { gaugeEjections } from './balance-report.js';
export { useBalancerFactory, forgetBalancers, type BalancerFactory } from './balancers.js';
