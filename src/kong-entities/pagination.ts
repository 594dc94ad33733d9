// Kong's list pagination: `size` (default 100, 1..1000) and an opaque `offset` (here the
// base64url of the last id on the previous page; ids are the scan order).
import { entityError, fail, ok, type Result } from './errors.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export function parseSize(raw: string | undefined): Result<number> {
  if (raw === undefined || raw === '') return ok(DEFAULT_PAGE_SIZE);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    return fail(entityError('invalid_size', `size must be an integer between 1 and ${MAX_PAGE_SIZE}`));
  return ok(n);
}

export function encodeOffset(lastId: string): string {
  return Buffer.from(JSON.stringify([lastId])).toString('base64url');
}

export function decodeOffset(raw: string | undefined): Result<string | undefined> {
  if (raw === undefined || raw === '') return ok(undefined);
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    // Ids are UUIDs (memberships: two joined by ':'); anything else was never issued here.
    if (Array.isArray(v) && typeof v[0] === 'string' && /^[0-9a-fA-F:-]{1,80}$/.test(v[0])) return ok(v[0]);
  } catch {
    // fall through to Kong's error
  }
  return fail(entityError('invalid_offset', `'${raw}' is not a valid offset: bad base64 encoding`));
}

/** `tags=a,b` (all of) or `tags=a/b` (any of). */
export function tagFilter(raw: string | undefined): ((tags: unknown) => boolean) | undefined {
  if (!raw) return undefined;
  const any = raw.includes('/');
  const wanted = raw.split(any ? '/' : ',').filter(Boolean);
  return (tags) => {
    const have = Array.isArray(tags) ? (tags as string[]) : [];
    return any ? wanted.some((t) => have.includes(t)) : wanted.every((t) => have.includes(t));
  };
}
