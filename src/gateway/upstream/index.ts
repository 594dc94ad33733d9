// upstream/: talking to upstreams — keep-alive pools (undici), one call and its answer, the
// headers that cross the proxy, why a call failed, and the URL as it may be shown.
export { closePools, poolFor } from './pools.js';
export { clientResponseHeaders, HOP_BY_HOP, upstreamRequestHeaders } from './headers.js';
export { classifyUpstreamError, isTimeout, type CallTimeouts, type UpstreamFailure, type UpstreamPhase } from './failure.js';
export { displayUrl } from './display-url.js';
export { callUpstream, UpstreamBody, type AbortHook, type BodySink, type CallOptions, type UpstreamAnswer } from './call.js';
export { WriteTimeoutError } from './write-timeout.js';
