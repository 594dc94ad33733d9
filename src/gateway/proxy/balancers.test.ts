// One balancer per ai-proxy-advanced instance, kept across snapshot rebuilds while the
// instance's config is unchanged (its rotation and circuit breaker carry on), built anew when
// the config changes, dropped when the instance leaves the configuration.
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { ConfigSnapshot } from '../config/snapshot.js';
import { loadDeckFile } from '../sources/deck/source.js';
import { forgetBalancers } from './balancers.js';
import { compileConfig } from './compiled.js';

const dir = mkdtempSync(join(tmpdir(), 'aipa-balancers-'));
let n = 0;

async function snapshot(weights: readonly number[], extraRoute = false): Promise<ConfigSnapshot> {
  const targets = weights.map((w, i) => `{ route_type: llm/v1/chat, weight: ${w}, model: { provider: openai, name: m${i}, options: { upstream_url: "http://127.0.0.1:1/v1/chat/completions" } } }`);
  const file = join(dir, `kong-${n++}.yaml`);
  writeFileSync(
    file,
    `_format_version: "3.0"
services:
  - name: llm
    url: http://localhost:1
    routes:
      - name: r
        paths: [/r]
        plugins:
          - name: ai-proxy-advanced
            config: { targets: [${targets.join(', ')}], balancer: { max_fails: 1 } }
${extraRoute ? '      - name: other\n        paths: [/other]\n' : ''}`,
  );
  return loadDeckFile(file);
}

const only = (c: ReturnType<typeof compileConfig>) => [...c.advanced.values()][0]!;

afterEach(() => forgetBalancers());

describe('balancers across snapshots', () => {
  it('an unchanged instance keeps its balancer (and its state) through rebuilds; a changed one starts afresh', async () => {
    const first = only(compileConfig(await snapshot([70, 30])));
    first.balancer!.begin(0);
    first.balancer!.end(0, { ok: false, e2eMs: 1 }, Date.now()); // ejects target 0 (max_fails 1)
    const rebuilt = only(compileConfig(await snapshot([70, 30], true))); // another route changed, not this plugin
    assert.equal(rebuilt.balancer, first.balancer);
    assert.equal(rebuilt.memory, first.memory);
    assert.equal(rebuilt.balancer!.state(Date.now())[0]!.health, 'ejected');
    const changed = only(compileConfig(await snapshot([70, 40])));
    assert.notEqual(changed.balancer, first.balancer);
    assert.equal(changed.balancer!.state(Date.now())[0]!.health, 'healthy');
  });

  it('an instance that leaves the configuration loses its balancer', async () => {
    const s = await snapshot([50, 50]);
    const first = only(compileConfig(s));
    compileConfig({ ...s, plugins: [] });
    assert.notEqual(only(compileConfig(s)).balancer, first.balancer);
  });
});
