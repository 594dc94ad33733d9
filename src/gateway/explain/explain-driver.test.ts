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
      - name: bedrock-signed
        paths: [/bedrock-signed]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              auth: { aws_access_key_id: AKIAEXPLAIN, aws_secret_access_key: aws-Secret-3 }
              model: { provider: bedrock, name: "anthropic.claude-3-haiku-20240307-v1:0", options: { bedrock: { aws_region: eu-west-1 } } }
      - name: gemini
        paths: [/gemini]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              llm_format: gemini
              auth: { param_name: key, param_value: gm-Secret-5, param_location: query }
              model: { provider: gemini, name: gemini-2.0-flash }
      - name: anthropic
        paths: [/anthropic]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              auth: { header_name: x-api-key, header_value: sk-ant-Secret-4 }
              model: { provider: anthropic, name: claude-sonnet-4-5, options: { anthropic_version: "2023-06-01" } }
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
    url: 'https://api.deepseek.com/v1/chat/completions?x=…&key=<redacted>',
    connect_timeout: 60000,
    write_timeout: 60000,
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

test('a credential in the query string (param_location query) is shown by name with <redacted>, where the proxy puts it — never its value', async () => {
  const s = await snapshot();
  const g = explainRequest(s, { method: 'POST', path: '/gemini/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse' });
  assert.equal(g.upstream?.url, 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=…&key=<redacted>');
  assert.equal(g.upstream?.auth, 'query parameter key');
  assert.match(formatReport(g), /upstream: {2}POST https:\/\/generativelanguage\.googleapis\.com\/v1beta\/models\/gemini-2\.0-flash:streamGenerateContent\?alt=…&key=<redacted> \(/);
  // a key the client sent is replaced by the configured one (gemini takes no allow_override): still <redacted>, once
  const replaced = explainRequest(s, { method: 'POST', path: '/gemini/v1beta/models/gemini-2.0-flash:generateContent?key=client-own&alt=sse' });
  assert.equal(replaced.upstream?.url, 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent?key=<redacted>&alt=…');
  // allow_override keeps the client's own key: that is what goes upstream, shown as any client value
  const kept = explainRequest(s, { method: 'POST', path: '/ds?key=client-own' });
  assert.equal(kept.upstream?.url, 'https://api.deepseek.com/v1/chat/completions?key=…');
  // the configured secrets nowhere (the client's own key shows only where explain echoes its request line)
  assert.doesNotMatch(formatReport(g) + formatReport(replaced) + formatReport(kept) + JSON.stringify([g, replaced, kept]), /Secret/);
  assert.doesNotMatch(JSON.stringify([g.upstream, replaced.upstream, kept.upstream]), /client-own/);
});

test('a bedrock instance without AWS credentials: the verdict says what the proxy answers, naming the fields', async () => {
  const r = explainRequest(await snapshot(), { method: 'POST', path: '/bedrock' });
  assert.equal(r.upstream, null);
  assert.match(r.verdict, /runs, and answers 500: bedrock needs AWS credentials: set config\.auth\.aws_access_key_id and config\.auth\.aws_secret_access_key/);
});

test('anthropic and bedrock: the URL, the x-api-key header, SigV4 with its region — never the secret', async () => {
  const s = await snapshot();
  const b = explainRequest(s, { method: 'POST', path: '/bedrock-signed' });
  assert.equal(b.upstream?.url, 'https://bedrock-runtime.eu-west-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse');
  assert.equal(b.upstream?.driver, 'bedrock');
  assert.equal(b.upstream?.auth, "AWS SigV4 (service bedrock, region eu-west-1), key pair from config.auth.aws_access_key_id / aws_secret_access_key; the client's own signature headers are dropped");
  const a = explainRequest(s, { method: 'POST', path: '/anthropic' });
  assert.equal(a.upstream?.url, 'https://api.anthropic.com/v1/messages');
  assert.equal(a.upstream?.auth, "header x-api-key (replaces the client's)");
  assert.doesNotMatch(formatReport(a) + formatReport(b) + JSON.stringify([a, b]), /Secret|AKIAEXPLAIN/);
});

test('explain decides on the proxy\'s own compiled snapshot', async () => {
  const s = await snapshot();
  const proxy = compileConfig(s);
  assert.equal(compiledFor(s), proxy);
});
