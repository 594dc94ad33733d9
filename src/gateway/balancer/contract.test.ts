// The schema's validated config feeds the balancer as it is: balancerOf(config) is a
// BalancerConfig (checked by the compiler here), and every algorithm Kong's schema accepts
// either runs or is refused with a SafeError naming the setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSafeError } from '../../common/index.js';
import { BALANCER_ALGORITHMS, balancerOf, validateAiProxyAdvancedConfig, type AiProxyAdvancedBalancer } from '../../schemas/index.js';
import { createBalancer, type BalancerConfig, type BalancerTarget } from './index.js';
import { NONE, request } from './fixtures.test-helper.js';

const asConfig = (b: AiProxyAdvancedBalancer): BalancerConfig => b;

test("every algorithm of Kong's schema, from a validated config: a balancer, or a SafeError for semantic", () => {
  for (const algorithm of BALANCER_ALGORITHMS) {
    const res = validateAiProxyAdvancedConfig({
      balancer: { algorithm },
      targets: [
        { route_type: 'llm/v1/chat', model: { provider: 'openai', name: 'gpt-4o' }, weight: 70, description: 'a' },
        { route_type: 'llm/v1/chat', model: { provider: 'mistral', name: 'large', options: { mistral_format: 'openai' } }, weight: 30, description: 'b' },
      ],
    });
    assert.ok(res.ok, JSON.stringify(!res.ok && res.fields));
    const targets: BalancerTarget[] = res.value.targets.map((t, index) => ({ index, weight: t.weight, label: `${t.model.provider}/${t.model.name}` }));
    if (algorithm === 'semantic') {
      assert.throws(() => createBalancer(asConfig(balancerOf(res.value)), targets), (e: Error) => isSafeError(e) && e.message.includes('semantic'));
      continue;
    }
    const b = createBalancer(asConfig(balancerOf(res.value)), targets);
    const p = b.pick(request(), NONE, 0)!;
    assert.ok([0, 1].includes(p.index), algorithm);
    assert.match(p.reason, new RegExp(`^${algorithm}: `));
    assert.equal(b.state(0).length, 2);
  }
  const nullBalancer = validateAiProxyAdvancedConfig({ balancer: null, targets: [{ route_type: 'llm/v1/chat', model: { provider: 'openai' } }] });
  assert.ok(nullBalancer.ok);
  assert.equal(createBalancer(asConfig(balancerOf(nullBalancer.value)), [{ index: 0, weight: 100, label: 'openai/null' }]).algorithm, 'round-robin');
});
