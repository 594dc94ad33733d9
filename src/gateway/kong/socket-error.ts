// Kong's core error page written straight to a socket, for requests Node's HTTP parser refused
// before there was a request object (header section over its limit, headers too slow, bad
// syntax) — the same status and JSON body the proxy sends for the same fault, then close.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { CORE_MESSAGES } from './responses.js';
import { SERVER } from './version.js';

export function writeSocketError(socket: Duplex, status: keyof typeof CORE_MESSAGES, requestId: string): void {
  const body = `{\n  "message":"${CORE_MESSAGES[status]}",\n  "request_id":"${requestId}"\n}`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      `server: ${SERVER}\r\n` +
      `x-kong-request-id: ${requestId}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
}
