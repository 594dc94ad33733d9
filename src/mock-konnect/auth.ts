// Bearer-token auth with Konnect's 401 bodies per API family. Tokens are compared, never logged.
import { timingSafeEqual } from 'node:crypto';

/** The documented development token accepted when no --token is given. */
export const DEFAULT_DEV_TOKEN = 'kpat_mock_dev_token_not_a_secret';

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^bearer\s+(.*)$/i.exec(header.trim());
  return m ? m[1]!.trim() : undefined;
}

export function tokenAccepted(token: string | undefined, accepted: readonly string[]): boolean {
  if (!token || !/^(kpat|spat)_/.test(token)) return false;
  const t = Buffer.from(token);
  return accepted.some((a) => {
    const b = Buffer.from(a);
    return b.length === t.length && timingSafeEqual(b, t);
  });
}
