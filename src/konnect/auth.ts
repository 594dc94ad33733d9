// Which token authenticates the calls, by the official provider's precedence (konnect.md §1):
// the first *set* one of personal_access_token (env KONNECT_TOKEN when the attribute is null),
// system_account_access_token (env KONNECT_SPAT), konnect_access_token, service_access_token.
// An explicitly empty string counts as set. The token is sent as `Bearer <token>` unless it
// already starts with "bearer " (any case).

export type TokenAttribute =
  | 'personal_access_token'
  | 'system_account_access_token'
  | 'konnect_access_token'
  | 'service_access_token';

export interface TokenInputs {
  readonly personal_access_token?: string | null;
  readonly system_account_access_token?: string | null;
  readonly konnect_access_token?: string | null;
  readonly service_access_token?: string | null;
}

export interface Credentials {
  readonly token: string;
  /** The attribute that supplied it, and the environment variable when it came from there. */
  readonly source: TokenAttribute;
  readonly fromEnv?: 'KONNECT_TOKEN' | 'KONNECT_SPAT';
}

const ORDER: readonly TokenAttribute[] = [
  'personal_access_token',
  'system_account_access_token',
  'konnect_access_token',
  'service_access_token',
];
const ENV: Partial<Record<TokenAttribute, 'KONNECT_TOKEN' | 'KONNECT_SPAT'>> = {
  personal_access_token: 'KONNECT_TOKEN',
  system_account_access_token: 'KONNECT_SPAT',
};

/** The credentials to use, or undefined when no token is set anywhere (Konnect will answer 401). */
export function resolveCredentials(inputs: TokenInputs, env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  for (const attr of ORDER) {
    const configured = inputs[attr];
    if (configured !== undefined && configured !== null) return { token: configured, source: attr };
    const envName = ENV[attr];
    const fromEnv = envName === undefined ? undefined : env[envName];
    if (envName !== undefined && fromEnv !== undefined && fromEnv !== '') return { token: fromEnv, source: attr, fromEnv: envName };
  }
  return undefined;
}

/** How a person refers to where the token came from, for error messages: "personal_access_token / KONNECT_TOKEN". */
export function describeTokenSource(c: Credentials | undefined): string {
  if (c === undefined) return 'no token was set (personal_access_token / KONNECT_TOKEN)';
  const env = ENV[c.source];
  return env === undefined ? c.source : `${c.source} / ${env}`;
}

export function authorizationHeader(token: string): string {
  return /^bearer /i.test(token) ? token : `Bearer ${token}`;
}
