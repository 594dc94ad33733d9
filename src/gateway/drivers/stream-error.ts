// The last frame of an OpenAI-format stream the upstream cut or stalled: an error event in
// OpenAI's shape (the SDKs raise on a data object with `error`), never [DONE]. Kong itself
// sends nothing here — nginx just closes the connection.
import type { StreamFailure } from './driver.js';

export function openAiStreamError(f: StreamFailure): string {
  const timeout = f.cause === 'timeout';
  const message = timeout
    ? `the upstream stopped sending (${f.detail}); the answer is incomplete`
    : `the upstream closed the stream before it ended (${f.cause}); the answer is incomplete`;
  return `data: ${JSON.stringify({ error: { message, type: timeout ? 'upstream_timeout' : 'upstream_error' } })}\n\n`;
}
