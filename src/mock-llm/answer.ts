// What every vendor of the mock answers: the words of the prompt's last user text in reverse
// order, said once (src/mock-llm/text.ts), cut at the request's token limit. A cut answer ends
// with the vendor's "length" reason, a whole one with its "stop" reason, so tests can reach both.
// Tokens are counted as whitespace-separated words, for prompts and answers alike.
import { DEFAULT_MAX_NEW_TOKENS, generateTokens, wordsOf } from './text.js';

export interface Answer {
  /** The generated tokens, each with its leading space. */
  readonly tokens: readonly string[];
  readonly text: string;
  /** `length` when the limit cut the answer short. */
  readonly finish: 'stop' | 'length';
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** Tokens in a text as the mock counts them: one per whitespace-separated word. */
export function countTokens(text: string): number {
  return wordsOf(text).length;
}

/**
 * The answer to `input` (the last user text) given the whole prompt's text (for the prompt
 * token count) and the request's token limit (DEFAULT_MAX_NEW_TOKENS when absent).
 */
export function answer(input: string, promptText: string, maxTokens?: number): Answer {
  const words = Math.max(1, countTokens(input));
  const limit = maxTokens !== undefined && maxTokens > 0 ? Math.floor(maxTokens) : DEFAULT_MAX_NEW_TOKENS;
  const n = Math.min(words, limit);
  const tokens = generateTokens(input, n).map((t) => t.text);
  return {
    tokens,
    text: tokens.join(''),
    finish: words > limit ? 'length' : 'stop',
    promptTokens: countTokens(promptText),
    completionTokens: tokens.length,
  };
}

/** A deterministic embedding of `text`: `dims` numbers in [-1, 1] from the text's characters. */
export function embed(text: string, dims = 8): number[] {
  const v: number[] = [];
  for (let i = 0; i < dims; i++) {
    let h = 0x811c9dc5 ^ i;
    for (let j = 0; j < text.length; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193) >>> 0;
    v.push(Math.round(((h % 2000) / 1000 - 1) * 1e6) / 1e6);
  }
  return v;
}
