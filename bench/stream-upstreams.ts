// What the gateway stream benches share (bench/gateway-streams.bench.ts, bench/gateway-ab.bench.ts):
// the two local upstreams — bin/mock-tgi and bin/mock-llm, both pacing streamed tokens
// DELAY_MS apart — the decK file routing to them, and the request bodies of a TOKENS-token stream.
// Routes of that file:
//   /hf        native Hugging Face (llm_format huggingface) → mock-tgi, bytes relayed;
//   /hf-chat   OpenAI chat, provider huggingface → mock-tgi's /v1/chat/completions, translated;
//   /openai    OpenAI chat, provider openai → mock-llm, each event re-written.
import { join } from 'node:path';
import { startProcess, type StartedProcess } from '../src/testing/tgi/index.js';
import { ROOT, tempFile, TOKEN } from '../src/gateway/test/harness.js';

/** Tokens per stream and the upstreams' delay before each (ms). */
export const TOKENS = 50;
export const DELAY_MS = 5;
/** mock-llm's key (mock-tgi's is the harness's TOKEN). */
export const KEY = 'sk-bench-Secret';

export interface Upstreams {
  readonly tgi: StartedProcess;
  readonly llm: StartedProcess;
  /** Their origins. */
  readonly TGI: string;
  readonly LLM: string;
}

/** Starts mock-tgi and mock-llm; both are pushed on `procs` (the caller stops them) as soon as they run. */
export async function startUpstreams(procs: StartedProcess[]): Promise<Upstreams> {
  const tgi = await startProcess(join(ROOT, 'bin/mock-tgi'), ['--listen', '127.0.0.1:0', '--token', TOKEN, '--token-delay-ms', String(DELAY_MS)], { listeners: ['mock-tgi'] });
  procs.push(tgi);
  const llm = await startProcess(join(ROOT, 'bin/mock-llm'), ['--listen', '127.0.0.1:0', '--key', KEY, '--token-delay-ms', String(DELAY_MS)], { listeners: ['mock-llm'] });
  procs.push(llm);
  return { tgi, llm, TGI: tgi.listeners.get('mock-tgi')!, LLM: llm.listeners.get('mock-llm')! };
}

/** Writes the decK file with the three routes above to a temporary file; returns its path. */
export function writeGatewayConfig(u: Upstreams): string {
  return tempFile(
    'kong.yaml',
    `_format_version: "3.0"
services:
  - name: s
    url: http://localhost:8080
    routes:
      - name: hf
        paths: [/hf]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              llm_format: huggingface
              auth: { header_name: Authorization, header_value: "Bearer ${TOKEN}" }
              model: { provider: huggingface, name: HuggingFaceTB/SmolVLM-Base, options: { upstream_url: "${u.TGI}" } }
      - name: hf-chat
        paths: [/hf-chat]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              auth: { header_name: Authorization, header_value: "Bearer ${TOKEN}" }
              model: { provider: huggingface, name: HuggingFaceTB/SmolVLM-Base, options: { upstream_url: "${u.TGI}" } }
      - name: openai
        paths: [/openai]
        plugins:
          - name: ai-proxy
            config:
              route_type: llm/v1/chat
              auth: { header_name: Authorization, header_value: "Bearer ${KEY}" }
              model: { provider: openai, name: gpt-4o, options: { upstream_url: "${u.LLM}/v1/chat/completions" } }
`,
  );
}

const PROMPT = Array.from({ length: TOKENS }, (_, i) => `w${i}`).join(' ');

/** A native Hugging Face /generate_stream body asking for TOKENS tokens. */
export const nativeStreamBody = (): string => JSON.stringify({ inputs: PROMPT, parameters: { max_new_tokens: TOKENS } });

/** An OpenAI chat stream body for `model` asking for TOKENS tokens. */
export const chatStreamBody = (model: string): string => JSON.stringify({ model, messages: [{ role: 'user', content: PROMPT }], max_tokens: TOKENS, stream: true });
