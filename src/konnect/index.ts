// konnect/: the Konnect API client — one keep-alive pool per process, timeouts, retries with
// backoff within a time budget and Retry-After, cancellation, typed errors with stable codes, and one file per
// entity API with the exact REST calls the official kong/konnect provider makes.
export { KonnectClient, type KonnectClientOptions, type CallOptions, type CallResult, type HttpMethod } from './client.js';
export { resolveCredentials, describeTokenSource, authorizationHeader, type Credentials, type TokenInputs, type TokenAttribute } from './auth.js';
export { sharedDispatcher, closeSharedDispatchers, defaultPoolOptions, type PoolOptions } from './dispatcher.js';
export { defaultRetryPolicy, parseRetryBudget, DEFAULT_RETRY_BUDGET_MS, type RetryPolicy } from './retry.js';
export { defaultUserAgent, providerVersion, PROVIDER_NAME } from './user-agent.js';
export type { HttpLogEvent } from './log-event.js';
export type { KonnectErrorBody, InvalidParameter } from './error-body.js';
export {
  KonnectError,
  KonnectAuthError,
  KonnectForbiddenError,
  KonnectNotFoundError,
  KonnectConflictError,
  KonnectValidationError,
  KonnectRateLimitedError,
  KonnectServerError,
  KonnectUnreachableError,
  KonnectTimeoutError,
  KonnectCancelledError,
  KonnectBadResponseError,
  type KonnectErrorCode,
} from './errors.js';
export { coreEntityApi, collectionPath, entityPath, type CoreEntityApi, type CoreEntityKind, type EntityInput } from './core-entities.js';
export { paginate, listAll, type ListOptions } from './pagination.js';
export { findByUniqueKey, describeUniqueKey, isReplaySafeCreate } from './unique-keys.js';
export { controlPlanesApi, type ControlPlanesApi, type ControlPlane, type ProxyUrl, type CreateControlPlaneRequest, type UpdateControlPlaneRequest } from './control-planes.js';
export { allControlPlanes, firstControlPlanes, controlPlaneQueryParams, CONTROL_PLANE_PAGE_SIZE, type ControlPlaneFilter, type ControlPlaneQuery } from './control-plane-list.js';
export { servicesApi, type KonnectService } from './services.js';
export { routesApi } from './routes.js';
export { consumersApi } from './consumers.js';
export { consumerGroupsApi } from './consumer-groups.js';
export { consumerGroupMembersApi, type ConsumerGroupMembersApi, type GroupRef } from './consumer-group-members.js';
export { pluginsApi, scopeBody, type PluginScope } from './plugins.js';
export { addKonnectError, type KonnectDiagnosticOptions } from './diagnostics.js';
