// explain/: "why did my request go there?" — for a method, path and headers against the
// snapshot in force: the matched route, the consumer key-auth identifies and its groups, the
// ai-proxy instance that runs (id, scope, source), why every other instance lost, and the
// upstream URL the request would be sent to (no credentials). Served as
// `ai-gateway explain` (cli.ts) and GET /explain on the status listener (http.ts).
export { explainRequest, type ExplainOptions, type ExplainReport, type ExplainRequest, type PluginRef } from './explain.js';
export { targetStates, type ExplainBalancer, type ExplainTarget } from './balancer.js';
export { formatReport } from './format.js';
export type { ExplainUpstream } from './upstream.js';
export { parseExplainArgs, renderExplain, type ExplainArgs } from './cli.js';
export { explainHandler, type Explainer } from './http.js';
export { runExplainCommand } from './command.js';
