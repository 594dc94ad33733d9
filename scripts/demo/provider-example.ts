// The Terraform `DEMO_PROVIDER=<name> make demo` applies: examples/terraform/route/main.tf (the
// same control plane → service → route → ai-proxy chain as the seed's) with the provider's own
// names (<name>-route, <name>-service, path /<name>), its sensitive credential variables instead
// of huggingface_token, and its ai-proxy `config` (model, auth, options, upstream_url = bin/mock-llm).
import { readExample, setServerUrl } from './examples.js';
import type { DemoProvider } from './providers.js';

function replaceOnce(hcl: string, pattern: RegExp | string, replacement: string, what: string): string {
  const out = typeof pattern === 'string' ? hcl.replace(pattern, replacement) : hcl.replace(pattern, () => replacement);
  if (out === hcl) throw new Error(`examples/terraform/route/main.tf changed: the demo cannot find ${what} to replace`);
  return out;
}

const variables = (p: DemoProvider): string =>
  p.credentials.map((c) => `variable "${c.variable}" {\n  type      = string\n  sensitive = true\n}`).join('\n\n');

/** examples/terraform/route/main.tf for provider `p`, pointed at the mock Konnect and bin/mock-llm. */
export function providerConfiguration(p: DemoProvider, serverUrl: string, mockLlmUrl: string): string {
  // The example's header comment is about the seed's Hugging Face token; the demo writes its own.
  let hcl = setServerUrl(readExample('route'), serverUrl).replace(/^(#[^\n]*\n)+/, '');
  hcl = replaceOnce(hcl, /variable "huggingface_token" \{\n[\s\S]*?\n\}/, variables(p), 'variable "huggingface_token"');
  const config = `${p.config(`${mockLlmUrl}${p.upstreamPath}`)}\n`;
  const before = hcl;
  hcl = hcl.replace(/(resource "konnect_gateway_plugin_ai_proxy" "[^"]+" \{\n[\s\S]*?\n)  config = \{\n[\s\S]*?\n  \}\n/, (_all, head: string) => head + config);
  if (hcl === before) throw new Error('examples/terraform/route/main.tf changed: the demo cannot find the ai-proxy config block to replace');
  hcl = replaceOnce(hcl, 'name         = "hf-route"', `name         = "${p.name}-route"`, 'the control plane name "hf-route"');
  hcl = replaceOnce(hcl, 'name             = "hf-route"', `name             = "${p.name}-route"`, 'the route name "hf-route"');
  hcl = replaceOnce(hcl, '"hf-service"', `"${p.name}-service"`, 'the service name "hf-service"');
  hcl = replaceOnce(hcl, '"api-inference.huggingface.co"', JSON.stringify(p.serviceHost), 'the service host');
  hcl = replaceOnce(hcl, 'paths            = ["/hf"]', `paths            = ["/${p.name}"]`, 'the route path /hf');
  const header = `# Written by DEMO_PROVIDER=${p.name} make demo from examples/terraform/route/main.tf: the ${p.title} ai-proxy\n# configuration, its credentials as sensitive variables (TF_VAR_${p.credentials.map((c) => c.variable).join(', TF_VAR_')}).\n`;
  return header + hcl;
}
