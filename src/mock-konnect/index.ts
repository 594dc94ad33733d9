// mock-konnect/: the mock Konnect server — control planes (/v2/control-planes) and core entities
// (the shared Kong entity router under /v2/control-planes/{id}/core-entities), bearer auth with
// Konnect's 401 bodies, a secret-free request log, fault injection, and its CLI options.
export { MockKonnect, type MockKonnectOptions } from './server.js';
export { ControlPlanes, type ControlPlane, CLUSTER_TYPES, AUTH_TYPES } from './control-planes.js';
export { DEFAULT_DEV_TOKEN } from './auth.js';
export { HELP, parseCli, defaultDataDir, type MockKonnectCliOptions } from './options.js';
export { RequestLog, redact, REDACTED, type LoggedRequest } from './request-log.js';
