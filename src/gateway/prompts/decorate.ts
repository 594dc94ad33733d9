// ai-prompt-decorator (Kong priority 772): the chat body's `messages` become the configured
// `prepend` items, then the client's messages, then the `append` items — in that order, each
// configured item as `{role, content}` only. The client's body is not mutated: the result is a
// copy (Kong deep-copies too). Runs on the OpenAI-format body, before the driver translates it,
// so every provider receives the decorated conversation.
import type { AiPromptDecoratorConfig } from '../../schemas/index.js';

/** Kong's message when the body has no non-empty `messages` (decorate-prompt.lua). */
export const NOT_CHAT = 'this LLM route only supports llm/chat type requests';

export type Decorated = { readonly ok: true; readonly body: Record<string, unknown> } | { readonly ok: false; readonly message: string };

export function decorate(body: Record<string, unknown>, config: AiPromptDecoratorConfig): Decorated {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length < 1) return { ok: false, message: NOT_CHAT };
  const item = (p: { role: string; content: string }) => ({ role: p.role, content: p.content });
  const prepend = config.prompts?.prepend ?? [];
  const append = config.prompts?.append ?? [];
  const copy = structuredClone(body);
  copy.messages = [...prepend.map(item), ...(copy.messages as unknown[]), ...append.map(item)];
  return { ok: true, body: copy };
}
