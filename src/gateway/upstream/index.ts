// upstream/: talking to upstreams — keep-alive pools (undici), ai-proxy's target URL rules, and
// the headers that cross the proxy.
export { closePools, poolFor } from './pools.js';
export { nativeTarget, openAiFormatTarget, type UpstreamTarget } from './target.js';
export { clientResponseHeaders, HOP_BY_HOP, upstreamRequestHeaders } from './headers.js';
