// The `provider "konnect" { … }` block, attribute for attribute as Kong's official provider
// (v3.19.0) declares it; descriptions are the official ones.
import { cty } from '../cty/index.js';
import type { Schema } from '../tfplugin/index.js';

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

export const providerConfigType = cty.object({
  konnect_access_token: cty.string,
  personal_access_token: cty.string,
  server_url: cty.string,
  service_access_token: cty.string,
  system_account_access_token: cty.string,
});

export const providerSchema: Schema = {
  version: 0,
  block: {
    description: 'Konnect API: The Konnect platform API',
    descriptionKind: 'markdown',
    attributes: [
      {
        name: 'konnect_access_token',
        type: cty.string,
        optional: true,
        sensitive: true,
        descriptionKind: 'markdown',
        description:
          'The Konnect access token is meant to be used by the Konnect dashboard and the decK CLI to authenticate with..',
      },
      {
        name: 'personal_access_token',
        type: cty.string,
        optional: true,
        sensitive: true,
        descriptionKind: 'markdown',
        description:
          'The personal access token is meant to be used as an alternative to basic-auth when accessing Konnect via APIs. ' +
          'You can generate a Personal Access Token (PAT) from the personal access token page in the Konnect dashboard.. ' +
          'Configurable via environment variable `KONNECT_TOKEN`.',
      },
      {
        name: 'server_url',
        type: cty.string,
        optional: true,
        descriptionKind: 'plain',
        description: 'Server URL (defaults to https://global.api.konghq.com)',
      },
      {
        name: 'service_access_token',
        type: cty.string,
        optional: true,
        sensitive: true,
        descriptionKind: 'markdown',
        description: 'The Service access token is meant to be used between internal services.\n.',
      },
      {
        name: 'system_account_access_token',
        type: cty.string,
        optional: true,
        sensitive: true,
        descriptionKind: 'markdown',
        description:
          'The system account access token is meant for automations and integrations that are not directly associated with a human identity.\n' +
          'You can generate a system account Access Token by creating a system account and then obtaining a system account access token for that account.\n' +
          'The access token must be passed in the header of a request, for example:\n' +
          "`curl -X GET 'https://global.api.konghq.com/v2/users/' --header 'Authorization: Bearer spat_i2Ej...'`\n" +
          '. Configurable via environment variable `KONNECT_SPAT`.',
      },
    ],
  },
};
