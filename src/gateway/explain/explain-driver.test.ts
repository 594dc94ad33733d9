// explain names what the proxy decided for an ai-proxy route: the driver and format, the
// upstream URL (query values hidden) and where the credential goes — never the secret — and it
// decides on the proxy's own compiled snapshot (compiledFor), not a copy.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileConfig, compiledFor } from '../proxy/compiled.js';
import { loadDeckFile } from '../sources/deck/index.js';
import { explainRequest, formatReport } from './index.js';

const KONG = `_format_version: "3.0"
services:
  - name: s
    url: http://127.0.0.1:9
    routes:
      - name: ds
        paths: [/ds]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              auth: { param_name: key, param_value: ds-Secret-1, param_location: query, allow_override: true }
              model: { provider: deepseek, name: deepseek-chat }
      - name: hf
        paths: [/hf]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              llm_format: huggingface
              auth: { header_name: Authorization, header_value: Bearer hf-Secret-2 }
              model: { provider: huggingface, name: org/model, options: { upstream_url: "http://tgi:8080" } }
      - name: bedrock
        paths: [/bedrock]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              model: { provider: bedrock, name: anthropic.claude, options: { bedrock: { aws_region: us-east-1 } } }
`;

async function snapshot() {
  const dir = mkdtempSync(join(tmpdir(), 'explain-driver-'));
  writeFileSync(join(dir, 'kong.yaml'), KONG);
  return loadDeckFile(join(dir, 'kong.yaml'));
}

test('explain names the driver, the upstream URL and the credential\'s place, never the secret', async () => {
  const s = await snapshot();
  const ds = explainRequest(s, { method: 'POST', path: '/ds?x=1' });
  assert.deepEqual(ds.upstream, {
    method: 'POST',
    url: 'https://api.deepseek.com/v1/chat/completions?x=…',
    connect_timeout: 60000,
    read_timeout: 60000,
    driver: 'deepseek',
    auth: "query parameter key (the client's own kept: allow_override)",
  });
  const hf = explainRequest(s, { method: 'POST', path: '/hf/generate_stream' });
  assert.equal(hf.upstream?.url, 'http://tgi:8080/generate_stream');
  assert.equal(hf.upstream?.driver, 'huggingface (native huggingface: /generate, /generate_stream)');
  assert.equal(hf.upstream?.auth, "header authorization (replaces the client's)");
  const text = formatReport(hf) + formatReport(ds) + JSON.stringify([hf, ds]);
  assert.match(formatReport(hf), /driver: {4}huggingface \(native huggingface/);
  assert.doesNotMatch(text, /Secret/);
});

test('a provider without a driver: the verdict says what the proxy answers', async () => {
  const r = explainRequest(await snapshot(), { method: 'POST', path: '/bedrock' });
  assert.equal(r.upstream, null);
  assert.match(r.verdict, /runs, and answers 500: model.provider 'bedrock' is not supported by this gateway yet/);
});

test('explain decides on the proxy\'s own compiled snapshot', async () => {
  const s = await snapshot();
  const proxy = compileConfig(s);
  assert.equal(compiledFor(s), proxy);
});
