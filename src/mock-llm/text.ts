// Deterministic "generation" shared by the local TGI (src/testing/tgi) and bin/mock-llm: the
// tokens are the words of the input in reverse order, each with a leading space. TGI repeats them
// until max_new_tokens; mock-llm says them once (see answer.ts). Tests compute the same text with
// these functions instead of hard-coding it.

/** What the local TGI uses when the request sets no max_new_tokens / max_tokens (real TGI: 1024). */
export const DEFAULT_MAX_NEW_TOKENS = 20;

export interface MockToken {
  readonly id: number;
  readonly text: string;
  readonly logprob: number;
  readonly special: boolean;
}

export function wordsOf(inputs: string): string[] {
  return inputs.split(/\s+/).filter((w) => w.length > 0);
}

/** A stable small id per word (FNV-1a, folded into a 32k vocabulary). */
function tokenId(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 32000;
}

export function generateTokens(inputs: string, maxNewTokens = DEFAULT_MAX_NEW_TOKENS): MockToken[] {
  const words = wordsOf(inputs).reverse();
  const source = words.length > 0 ? words : ['…'];
  const out: MockToken[] = [];
  for (let i = 0; i < maxNewTokens; i++) {
    const word = source[i % source.length]!;
    out.push({ id: tokenId(word), text: ` ${word}`, logprob: -((i % 10) + 1) / 10, special: false });
  }
  return out;
}

/** The text /generate returns for `inputs` (without return_full_text). */
export function generateText(inputs: string, maxNewTokens = DEFAULT_MAX_NEW_TOKENS): string {
  return generateTokens(inputs, maxNewTokens)
    .map((t) => t.text)
    .join('');
}

/** Prompt tokens as the local TGI counts them: one per whitespace-separated word. */
export function inputLength(inputs: string): number {
  return wordsOf(inputs).length;
}
