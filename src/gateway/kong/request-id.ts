// X-Kong-Request-Id values: 32 lower-case hex digits like Kong's. A random per-process prefix
// plus a counter — unique, and far cheaper per request than 16 random bytes.
import { randomBytes } from 'node:crypto';

const prefix = randomBytes(8).toString('hex');
let counter = 0;

export function nextRequestId(): string {
  counter = (counter + 1) % 0x1_0000_0000;
  return prefix + counter.toString(16).padStart(16, '0');
}
