// DEMO_PROVIDER's parsing and the main.tf written for each provider (the end-to-end runs are
// acceptance-tests/demo-provider.test.ts): the seed's name and no name both mean the seed's demo;
// an unknown name is refused naming every accepted one; each provider's main.tf keeps the route
// example's chain, declares its credentials as sensitive variables, holds no Hugging Face remnant
// and points upstream_url at the mock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readExample } from './examples.js';
import { providerConfiguration } from './provider-example.js';
import { DEMO_PROVIDERS, demoProvider } from './providers.js';

test('DEMO_PROVIDER: unset, empty and huggingface are the seed; a known name its profile; anything else refused with the list', () => {
  assert.equal(demoProvider(undefined), undefined);
  assert.equal(demoProvider(''), undefined);
  assert.equal(demoProvider('huggingface'), undefined);
  assert.equal(demoProvider('bedrock')?.name, 'bedrock');
  assert.throws(() => demoProvider('OpenAI'), /DEMO_PROVIDER="OpenAI" is not a provider the demo knows: set DEMO_PROVIDER to one of huggingface, openai, anthropic, bedrock \(default huggingface\)/);
});

for (const p of DEMO_PROVIDERS) {
  test(`main.tf for ${p.name}: the route example's chain with ${p.name}'s ai-proxy, credentials as sensitive variables`, () => {
    const hcl = providerConfiguration(p, 'http://127.0.0.1:1111', 'http://127.0.0.1:2222');
    assert.doesNotMatch(hcl, /huggingface|hf-|"\/hf"/i);
    assert.match(hcl, /default = "http:\/\/127\.0\.0\.1:1111"/);
    assert.ok(hcl.includes(`upstream_url${p.name === 'anthropic' ? '      ' : ' '}= "http://127.0.0.1:2222${p.upstreamPath}"`), hcl);
    assert.ok(hcl.includes(`provider = "${p.name}"`) && hcl.includes(`name     = "${p.model}"`), hcl);
    assert.ok(hcl.includes(`name         = "${p.name}-route"`) && hcl.includes(`paths            = ["/${p.name}"]`), hcl);
    for (const c of p.credentials) {
      assert.match(hcl, new RegExp(`variable "${c.variable}" \\{\\n  type      = string\\n  sensitive = true\\n\\}`));
      assert.ok(hcl.includes(`var.${c.variable}`), `var.${c.variable} used`);
    }
    // Everything but the replaced parts is the example's: the same resources in the same order.
    const resources = (s: string) => [...s.matchAll(/^resource "(\S+)" "(\S+)"/gm)].map((m) => `${m[1]}.${m[2]}`);
    assert.deepEqual(resources(hcl), resources(readExample('route')));
  });
}
