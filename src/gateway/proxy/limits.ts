// What a client may send, in Kong's (nginx's) terms. Kong keeps nginx's defaults:
// - large_client_header_buffers 4 8k: one header line must fit in an 8 KB buffer and the whole
//   header section (request line included) in four of them, 32 KB. Over either limit nginx
//   refuses the request (its 494 "Request Header Or Cookie Too Large", sent as 400); this gateway
//   answers the standard 431 with Kong's message. A line is counted as `Name: value\r\n`.
// - client_body_timeout 60s: at most 60 s between two successive reads of the body (not a limit
//   on the whole body), then 408.
// Node's own parser limit (maxHeaderSize) is set above HEADER_SECTION_LIMIT, so a request under
// our limits always reaches the proxy whole; one over Node's limit gets the same 431 from the
// server's clientError handler. Node's 1,000-header cap is lifted: a header set is never
// silently cut short.

export const HEADER_LINE_LIMIT = 8 * 1024;
export const HEADER_SECTION_LIMIT = 32 * 1024;
/** Node counts only the target, names and values (no separators): twice our limit is always above it. */
export const NODE_MAX_HEADER_SIZE = 2 * HEADER_SECTION_LIMIT;
export const DEFAULT_CLIENT_BODY_TIMEOUT_MS = 60_000;

export interface ProxySettings {
  /** nginx client_body_timeout: the longest wait between two reads of the request body. */
  readonly clientBodyTimeoutMs: number;
}

export const DEFAULT_PROXY_SETTINGS: ProxySettings = { clientBodyTimeoutMs: DEFAULT_CLIENT_BODY_TIMEOUT_MS };
