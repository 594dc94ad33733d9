// What relay-stream does with a translator, for the driver tests: the upstream bytes in the given
// pieces through the shared decoder, each event through one stream's translation (startStream),
// completed by the OpenAI stream writer; an in-stream failure ends the output at its error event
// (no finish or usage chunk, no terminator), else the writer's tail and the terminator follow.
import type { ModelSettings, RouteType, TokenUsage, Translator } from './driver.js';
import { createDecoder } from './framing.js';
import { OpenAiStreamWriter } from './openai-stream.js';

export const WHO = (model: string, chat = true) => ({ id: 'chatcmpl-REQ', created: 1730000000, model, object: chat ? 'chat.completion.chunk' : 'text_completion' });

export function relay(t: Translator, pieces: readonly Uint8Array[], routeType: RouteType, model: ModelSettings, includeUsage = false) {
  const decoder = createDecoder(t.framing);
  const translation = t.startStream?.() ?? t;
  const writer = new OpenAiStreamWriter(WHO(model.name ?? '', routeType !== 'llm/v1/completions'), includeUsage);
  let out = '';
  let text = '';
  let usage: TokenUsage = {};
  for (const piece of pieces) {
    for (const e of decoder.push(piece)) {
      const step = translation.streamEvent(e, routeType, model);
      text += step.text;
      if (step.usage) usage = { ...usage, ...step.usage };
      out += writer.write(step);
      if (step.failed) return { out, text, usage, failed: true };
    }
  }
  return { out: out + writer.end(usage) + (t.streamTerminator ?? ''), text, usage, failed: false };
}

/** The bytes split in two at every boundary (and whole). */
export function* splits(bytes: Uint8Array): Generator<[number, Uint8Array[]]> {
  for (let cut = 0; cut <= bytes.length; cut++) yield [cut, [bytes.subarray(0, cut), bytes.subarray(cut)]];
}
