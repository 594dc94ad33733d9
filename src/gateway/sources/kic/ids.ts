// Stable entity ids for translated manifests: the same object gets the same id on every load, so
// `explain` output and logs stay comparable across reloads. A UUID-shaped SHA-1 of the parts
// (RFC 4122 version 5 layout, hand-rolled because it is six lines over node:crypto).
import { createHash } from 'node:crypto';

export function stableId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
