// The one addition every system's configuration gets in the matrix: the ai-proxy's
// model.options.upstream_url pointed at the local TGI (instead of Hugging Face), written the way
// each format writes it — JSON for the curl bodies, YAML for decK and KIC, HCL for Terraform
// (scripts/demo/examples.ts). Everything else is the seed's text as it is.

/** The seed's curl --data (JSON with `$HUGGINGFACE_TOKEN` still in it) with upstream_url added. */
export function jsonWithUpstream(data: string, upstreamUrl: string): string {
  const body = JSON.parse(data) as { config: { model: Record<string, unknown> } };
  body.config.model.options = { upstream_url: upstreamUrl };
  return JSON.stringify(body, null, 2);
}

/** A seed YAML block (decK or KIC) with `options: upstream_url:` under the model. */
export function yamlWithUpstream(yaml: string, upstreamUrl: string): string {
  const out = yaml.replace(/\n( +)name: HuggingFaceTB\/SmolVLM-Base/, (line, indent: string) => `${line}\n${indent}options:\n${indent}  upstream_url: ${upstreamUrl}`);
  if (out === yaml) throw new Error('seed YAML: no model name line to add upstream_url after');
  return out;
}
