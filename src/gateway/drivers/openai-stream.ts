// OpenAI-format answers are complete OpenAI objects whatever the provider: every chunk a driver
// builds gets `id`, `object`, `created` and `model` (the same for the whole stream, as OpenAI's),
// the stream's last choice chunk carries a finish_reason (when the upstream gave none, one chunk
// `{"delta":{},"finish_reason":"stop"}` is added before `data: [DONE]` — the openai SDK's
// `finalChatCompletion()` throws `missing finish_reason for choice 0` without it), and a client
// that sent `stream_options: {include_usage: true}` gets the usage chunk (`choices: []`) when the
// upstream sent none. Event by event: nothing is held back.
import type { StreamStep, TokenUsage } from './driver.js';

export interface OpenAiIdentity {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  /** chat.completion.chunk or text_completion */
  readonly object: string;
}

export function openAiIdentity(requestId: string, model: string, chat: boolean): OpenAiIdentity {
  return { id: `${chat ? 'chatcmpl' : 'cmpl'}-${requestId}`, created: Math.floor(Date.now() / 1000), model, object: chat ? 'chat.completion.chunk' : 'text_completion' };
}

/** Fills what a non-stream OpenAI body lacks (in place): id, created, model. */
export function completeResponse(json: Record<string, unknown>, who: OpenAiIdentity): Record<string, unknown> {
  if (json.id === undefined) json.id = who.id;
  if (json.created === undefined) json.created = who.created;
  if (json.model === undefined || json.model === '') json.model = who.model;
  return json;
}

export class OpenAiStreamWriter {
  private finished = false;
  private choices = false;
  private usageSent = false;

  constructor(
    private readonly who: OpenAiIdentity,
    private readonly includeUsage: boolean,
  ) {}

  /** The bytes for one translated event ('' = nothing). */
  write(step: StreamStep): string {
    if (step.finished) this.finished = true;
    const chunk = step.chunk;
    if (chunk === undefined) {
      // a verbatim frame with counts (an OpenAI upstream's include_usage chunk): the client has them
      if (step.frame !== undefined && step.usage !== undefined) this.usageSent = true;
      return step.frame ?? '';
    }
    const choices = chunk.choices as { finish_reason?: unknown }[] | undefined;
    if (Array.isArray(choices)) {
      if (choices.length > 0) this.choices = true;
      else if (chunk.usage != null) this.usageSent = true;
      for (const c of choices) if (c?.finish_reason != null) this.finished = true;
    }
    // identity first, as OpenAI orders its fields; the driver's own values win
    const out = { id: this.who.id, object: this.who.object, created: this.who.created, model: this.who.model, ...chunk };
    if (out.model === undefined || out.model === null) out.model = this.who.model;
    return `data: ${JSON.stringify(out)}\n\n`;
  }

  /** What goes before the terminator: a finish chunk and a usage chunk, when missing (`usage` is read only then). */
  end(usage: TokenUsage | (() => TokenUsage)): string {
    let out = '';
    const base = { id: this.who.id, object: this.who.object, created: this.who.created, model: this.who.model };
    if (this.choices && !this.finished) {
      const choice = this.who.object === 'text_completion' ? { text: '', index: 0, finish_reason: 'stop' } : { delta: {}, index: 0, finish_reason: 'stop' };
      out += `data: ${JSON.stringify({ ...base, choices: [choice] })}\n\n`;
    }
    if (this.includeUsage && !this.usageSent) {
      if (typeof usage === 'function') usage = usage();
      const prompt = usage.prompt_tokens ?? 0;
      const completion = usage.completion_tokens ?? 0;
      out += `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } })}\n\n`;
    }
    return out;
  }
}
