// ai-proxy `config.auth` (ai-proxy.md 1.3; descriptions verbatim from the official provider).
import { bool, rec, str } from '../kong-schema/index.js';

export const authRecord = rec(
  'auth',
  [
    str('header_name', {
      referenceable: true,
      description: 'If AI model requires authentication via Authorization or API key header, specify its name here.',
    }),
    str('header_value', {
      referenceable: true,
      encrypted: true,
      sensitive: true,
      description: "Specify the full auth header value for 'header_name', for example 'Bearer key' or just 'key'.",
    }),
    str('param_name', {
      referenceable: true,
      description: 'If AI model requires authentication via query parameter, specify its name here.',
    }),
    str('param_value', {
      referenceable: true,
      encrypted: true,
      sensitive: true,
      description: "Specify the full parameter value for 'param_name'.",
    }),
    str('param_location', {
      enum: ['query', 'body'],
      description:
        'Specify whether the \'param_name\' and \'param_value\' options go in a query string, or the POST form/JSON body. possible known values include one of ["body", "query"]',
    }),
    bool('azure_use_managed_identity', {
      default: false,
      description:
        'Set true to use the Azure Cloud Managed Identity (or user-assigned identity) to authenticate with Azure-provider models. Default: false',
    }),
    str('azure_client_id', {
      referenceable: true,
      description:
        'If azure_use_managed_identity is set to true, and you need to use a different user-assigned identity for this LLM instance, set the client ID.',
    }),
    str('azure_client_secret', {
      referenceable: true,
      encrypted: true,
      sensitive: true,
      description:
        'If azure_use_managed_identity is set to true, and you need to use a different user-assigned identity for this LLM instance, set the client secret.',
    }),
    str('azure_tenant_id', {
      referenceable: true,
      description:
        'If azure_use_managed_identity is set to true, and you need to use a different user-assigned identity for this LLM instance, set the tenant ID.',
    }),
    bool('gcp_use_service_account', {
      default: false,
      description: 'Use service account auth for GCP-based providers and models. Default: false',
    }),
    str('gcp_service_account_json', {
      referenceable: true,
      encrypted: true,
      sensitive: true,
      description:
        'Set this field to the full JSON of the GCP service account to authenticate, if required. If null (and gcp_use_service_account is true), Kong will attempt to read from environment variable `GCP_SERVICE_ACCOUNT`.',
    }),
    str('gcp_metadata_url', {
      referenceable: true,
      description:
        'Custom metadata URL for GCP authentication. Useful for restricted network environments or custom GCP endpoints. If null, Kong will use the default Google metadata endpoint.',
    }),
    str('gcp_oauth_token_url', {
      referenceable: true,
      description:
        'Custom OAuth token URL for GCP authentication. Useful for restricted network environments or custom GCP endpoints. If null, Kong will use the default Google OAuth token endpoint.',
    }),
    str('aws_access_key_id', {
      referenceable: true,
      encrypted: true,
      description:
        'Set this if you are using an AWS provider (Bedrock) and you are authenticating using static IAM User credentials. Setting this will override the AWS_ACCESS_KEY_ID environment variable for this plugin instance.',
    }),
    str('aws_secret_access_key', {
      referenceable: true,
      encrypted: true,
      sensitive: true,
      description:
        'Set this if you are using an AWS provider (Bedrock) and you are authenticating using static IAM User credentials. Setting this will override the AWS_SECRET_ACCESS_KEY environment variable for this plugin instance.',
    }),
    bool('allow_override', {
      default: false,
      description:
        'If enabled, the authorization header or parameter can be overridden in the request by the value configured in the plugin. Default: false',
    }),
  ] as const,
);
