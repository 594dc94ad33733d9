// Every vendor, in the order the server tries them for a path without a `/<vendor>` prefix:
// OpenAI first, so the paths several vendors share (/v1/chat/completions, /v1/embeddings) are
// OpenAI's at the root and each other vendor's under its prefix (/mistral/v1/chat/completions).
import { credentialOf, type MockLlmOptions } from '../options.js';
import type { Vendor } from '../vendor.js';
import { anthropic } from './anthropic.js';
import { azure } from './azure.js';
import { bedrock } from './bedrock.js';
import { cohere } from './cohere.js';
import { gemini } from './gemini.js';
import { huggingface } from './huggingface.js';
import { llama2 } from './llama2.js';
import { mistral } from './mistral.js';
import { ollama } from './ollama.js';
import { OPENAI_COMPATIBLE, openAiCompatible } from './openai.js';
import { vertex } from './vertex.js';

export function createVendors(options: MockLlmOptions): Vendor[] {
  const key = (name: Parameters<typeof credentialOf>[1]) => credentialOf(options, name);
  const compatible = OPENAI_COMPATIBLE.map((spec) => openAiCompatible(spec, key(spec.name)));
  return [compatible[0]!, azure(key('azure')), anthropic(key('anthropic')), mistral(key('mistral')), cohere(key('cohere')), bedrock(options.aws), gemini(key('gemini')), vertex(options.keys?.vertex, options.googleServiceAccountPublicKey), ollama(key('ollama')), llama2(key('llama2')), huggingface(key('huggingface'), options.huggingfaceUrl), ...compatible.slice(1)];
}
