// The `provider "konnect" { … }` block, attribute for attribute as Kong's official provider
// (v3.19.0) declares it; descriptions (and their kinds) are the official ones.
import { attr, compileSchema, type SchemaSpec } from '../framework/index.js';

export const TOKEN_ATTRIBUTES = [
  'personal_access_token',
  'system_account_access_token',
  'konnect_access_token',
  'service_access_token',
] as const;
export type TokenAttribute = (typeof TOKEN_ATTRIBUTES)[number];

/** Environment fallbacks: used only when the attribute is null in the configuration. */
export const ENV_FALLBACK: Readonly<Record<string, string>> = {
  personal_access_token: 'KONNECT_TOKEN',
  system_account_access_token: 'KONNECT_SPAT',
  server_url: 'KONNECT_SERVER_URL',
};

export const DEFAULT_SERVER_URL = 'https://global.api.konghq.com';

const token = (description: string) => attr.string({ optional: true, sensitive: true, description });

export const providerSchema: SchemaSpec = {
  description: 'Konnect API: The Konnect platform API',
  attributes: {
    konnect_access_token: token(
      'The Konnect access token is meant to be used by the Konnect dashboard and the decK CLI to authenticate with..',
    ),
    personal_access_token: token(
      'The personal access token is meant to be used as an alternative to basic-auth when accessing Konnect via APIs. ' +
        'You can generate a Personal Access Token (PAT) from the personal access token page in the Konnect dashboard.. ' +
        'Configurable via environment variable `KONNECT_TOKEN`.',
    ),
    server_url: attr.string({ optional: true, description: 'Server URL (defaults to https://global.api.konghq.com)', descriptionKind: 'plain' }),
    service_access_token: token('The Service access token is meant to be used between internal services.\n.'),
    system_account_access_token: token(
      'The system account access token is meant for automations and integrations that are not directly associated with a human identity.\n' +
        'You can generate a system account Access Token by creating a system account and then obtaining a system account access token for that account.\n' +
        'The access token must be passed in the header of a request, for example:\n' +
        "`curl -X GET 'https://global.api.konghq.com/v2/users/' --header 'Authorization: Bearer spat_i2Ej...'`\n" +
        '. Configurable via environment variable `KONNECT_SPAT`.',
    ),
  },
};

/** The provider block's object type (for tests that encode a provider configuration). */
export const providerConfigType = compileSchema(providerSchema, 'provider konnect').root.type;
