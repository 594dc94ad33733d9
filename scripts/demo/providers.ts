// The providers `make demo` can show besides the seed's Hugging Face (DEMO_PROVIDER=<name>): for
// each, the model, the ai-proxy `config` the demo applies (auth as the vendor places it, the
// provider's options), where bin/mock-llm serves the vendor's API (the upstream_url), and the
// credentials: generated per run, handed to Terraform as sensitive TF_VAR_* variables and to
// bin/mock-llm through its environment, never printed.
import { demoToken } from './state.js';
import { randomBytes } from 'node:crypto';
import { DemoError } from './output.js';

/** The seed's provider: run.ts, unchanged. */
export const SEED_PROVIDER = 'huggingface';

export interface DemoCredential {
  /** Terraform variable (TF_VAR_<name>), declared sensitive. */
  readonly variable: string;
  /** bin/mock-llm's environment variable that makes it require this value. */
  readonly mockEnv: string;
  readonly generate: () => string;
}

export interface DemoProvider {
  readonly name: 'openai' | 'anthropic' | 'bedrock';
  /** As a person writes it: OpenAI, Anthropic, Amazon Bedrock. */
  readonly title: string;
  readonly model: string;
  /** Path appended to bin/mock-llm's URL for `config.model.options.upstream_url`. */
  readonly upstreamPath: string;
  /** The service's host in Terraform (the vendor's; ai-proxy calls upstream_url instead). */
  readonly serviceHost: string;
  readonly credentials: readonly DemoCredential[];
  /** bin/mock-llm flags beyond --listen and the token delay (none carries a secret). */
  readonly mockArgs: readonly string[];
  /** How the credential travels, for the demo's output (never the value). */
  readonly authSummary: string;
  /** The ai-proxy `config = { … }` block (indent 2), given upstream_url. */
  config(upstreamUrl: string): string;
}

const AWS_REGION = 'us-east-1';
const awsKeyId = () => `AKIADEMO${randomBytes(6).toString('hex').toUpperCase()}`;

const block = (lines: readonly string[]): string => lines.map((l) => `  ${l}`).join('\n');

export const DEMO_PROVIDERS: readonly DemoProvider[] = [
  {
    name: 'openai',
    title: 'OpenAI',
    model: 'gpt-4o-mini',
    upstreamPath: '/v1/chat/completions',
    serviceHost: 'api.openai.com',
    credentials: [{ variable: 'openai_api_key', mockEnv: 'MOCK_LLM_OPENAI_KEY', generate: () => demoToken('sk-demo-') }],
    mockArgs: [],
    authSummary: 'Authorization: Bearer var.openai_api_key',
    config: (url) =>
      block([
        'config = {',
        '  route_type = "llm/v1/chat"',
        '  llm_format = "openai"',
        '  auth = {',
        '    header_name  = "Authorization"',
        '    header_value = "Bearer ${var.openai_api_key}"',
        '  }',
        '  model = {',
        '    provider = "openai"',
        '    name     = "gpt-4o-mini"',
        '    options = {',
        `      upstream_url = ${JSON.stringify(url)}`,
        '    }',
        '  }',
        '}',
      ]),
  },
  {
    name: 'anthropic',
    title: 'Anthropic',
    model: 'claude-3-5-haiku-20241022',
    upstreamPath: '/v1/messages',
    serviceHost: 'api.anthropic.com',
    credentials: [{ variable: 'anthropic_api_key', mockEnv: 'MOCK_LLM_ANTHROPIC_KEY', generate: () => demoToken('sk-ant-demo-') }],
    mockArgs: [],
    authSummary: 'x-api-key: var.anthropic_api_key, anthropic_version 2023-06-01',
    config: (url) =>
      block([
        'config = {',
        '  route_type = "llm/v1/chat"',
        '  llm_format = "openai"',
        '  auth = {',
        '    header_name  = "x-api-key"',
        '    header_value = var.anthropic_api_key',
        '  }',
        '  model = {',
        '    provider = "anthropic"',
        '    name     = "claude-3-5-haiku-20241022"',
        '    options = {',
        '      anthropic_version = "2023-06-01"',
        `      upstream_url      = ${JSON.stringify(url)}`,
        '    }',
        '  }',
        '}',
      ]),
  },
  {
    name: 'bedrock',
    title: 'Amazon Bedrock',
    model: 'anthropic.claude-3-haiku-20240307-v1:0',
    upstreamPath: '',
    serviceHost: `bedrock-runtime.${AWS_REGION}.amazonaws.com`,
    credentials: [
      { variable: 'aws_access_key_id', mockEnv: 'MOCK_LLM_AWS_ACCESS_KEY_ID', generate: awsKeyId },
      { variable: 'aws_secret_access_key', mockEnv: 'MOCK_LLM_AWS_SECRET_ACCESS_KEY', generate: () => randomBytes(30).toString('base64') },
    ],
    mockArgs: ['--aws-region', AWS_REGION],
    authSummary: `AWS SigV4 with var.aws_access_key_id / var.aws_secret_access_key, region ${AWS_REGION}`,
    config: (url) =>
      block([
        'config = {',
        '  route_type = "llm/v1/chat"',
        '  llm_format = "openai"',
        '  auth = {',
        '    aws_access_key_id     = var.aws_access_key_id',
        '    aws_secret_access_key = var.aws_secret_access_key',
        '  }',
        '  model = {',
        '    provider = "bedrock"',
        '    name     = "anthropic.claude-3-haiku-20240307-v1:0"',
        '    options = {',
        `      upstream_url = ${JSON.stringify(url)}`,
        '      bedrock = {',
        `        aws_region = "${AWS_REGION}"`,
        '      }',
        '    }',
        '  }',
        '}',
      ]),
  },
];

export const DEMO_PROVIDER_NAMES: readonly string[] = [SEED_PROVIDER, ...DEMO_PROVIDERS.map((p) => p.name)];

/** DEMO_PROVIDER's value: the seed's (undefined), another provider's profile, or a DemoError naming the accepted values. */
export function demoProvider(value: string | undefined): DemoProvider | undefined {
  const name = (value ?? '').trim();
  if (name === '' || name === SEED_PROVIDER) return undefined;
  const p = DEMO_PROVIDERS.find((d) => d.name === name);
  if (!p) throw new DemoError(`DEMO_PROVIDER=${JSON.stringify(name)} is not a provider the demo knows: set DEMO_PROVIDER to one of ${DEMO_PROVIDER_NAMES.join(', ')} (default ${SEED_PROVIDER})`);
  return p;
}
