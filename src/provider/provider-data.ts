// What ConfigureProvider hands every resource call: the Konnect client of this configured
// provider, and where its token came from (for "Konnect rejected the token (…)" messages).
import type { KonnectClient } from '../konnect/index.js';

export interface KonnectProviderData {
  readonly client: KonnectClient;
  readonly serverUrl: string;
  /** "personal_access_token / KONNECT_TOKEN": safe to show, never the token. */
  readonly tokenSource: string;
}
