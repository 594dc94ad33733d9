// cli/: bin/ai-gateway's flags and process model (single process or node:cluster workers).
export { HELP, parseOptions, type GatewayOptions, type ParsedOptions } from './options.js';
export { runGateway } from './run.js';
export { runMigrationsCommand } from './migrations.js';
