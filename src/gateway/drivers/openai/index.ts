// openai/: the OpenAI driver and the providers Kong drives the same way (OpenAI wire or the
// Ollama format, or llama2's raw format): cerebras, dashscope, xai, databricks, deepseek, vllm, ollama, mistral, llama2.
import type { Driver } from '../driver.js';
import { COMPATIBLE_SPECS, compatibleDriver } from './compatible.js';

export { openAiPassthrough } from './passthrough.js';
export { openAiToOllama } from './ollama-format.js';
export { openAiToLlama2Raw } from './llama2-raw.js';

export { COMPATIBLE_SPECS, compatibleDriver, type CompatibleSpec, type WireFormat } from './compatible.js';

export const COMPATIBLE_DRIVERS: readonly Driver[] = COMPATIBLE_SPECS.map(compatibleDriver);
