// translators/: one translator per (client format, upstream format) pair, chosen by the
// ai-proxy `llm_format` from a table.
import { huggingFaceToHuggingFace } from './huggingface-to-huggingface.js';
import { openAiToHuggingFace } from './openai-to-huggingface.js';
import type { Translator } from './translator.js';

export { conversionFailure } from "./translator.js";
export type { ModelSettings, ResponseTranslation, RouteType, StreamStep, TokenUsage, Translated, Translator } from './translator.js';
export { huggingFaceToHuggingFace, openAiToHuggingFace };

/** llm_format → translator for provider huggingface. */
export const HUGGINGFACE_TRANSLATORS: Readonly<Record<string, Translator>> = {
  openai: openAiToHuggingFace,
  huggingface: huggingFaceToHuggingFace,
};
