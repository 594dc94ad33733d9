// Anthropic's SSE stream → OpenAI chunks, event by event (Kong's handle_stream_event, completed):
// message_start → the role chunk (prompt tokens), content_block_start of a tool_use → the tool
// call's id and name, content_block_delta → text or tool-call arguments, message_delta → the
// finish chunk (stop_reason mapped) and the output tokens, message_stop / ping / content_block_stop
// → nothing (the proxy writes the usage chunk and [DONE]). `event: error` → an OpenAI error event,
// the stream's last (no [DONE]). Kong 3.10 sets no finish_reason and drops tool-call deltas.
// The legacy Text Completions stream (`event: completion`) → text_completion chunks. Chunks carry
// the gateway's id (chatcmpl-<request id>, one per stream, as OpenAI's), not Anthropic's msg_ id.
import type { ModelSettings, RouteType, StreamStep, StreamTranslation, TokenUsage } from '../driver.js';
import type { FrameEvent } from '../framing.js';
import { finishReason } from './stop-reason.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const NOTHING: StreamStep = { frame: undefined, text: '' };

function parse(data: string): Obj | undefined {
  if (data.charCodeAt(0) !== 123 /* { */) return undefined;
  try {
    const v = JSON.parse(data) as unknown;
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Anthropic's in-stream error → an OpenAI error event (the SDKs raise on it); the stream ends there. */
export function errorStep(e: Obj | undefined): StreamStep {
  const err = isObj(e?.error) ? e.error : {};
  const message = typeof err.message === 'string' ? err.message : 'the upstream reported an error in the stream';
  const type = typeof err.type === 'string' ? err.type : 'upstream_error';
  return { frame: `data: ${JSON.stringify({ error: { message, type } })}\n\n`, text: '', failed: true };
}

function usageOf(u: unknown, start: boolean): TokenUsage | undefined {
  if (!isObj(u)) return undefined;
  const out: TokenUsage = {};
  if (typeof u.input_tokens === 'number') out.prompt_tokens = u.input_tokens;
  if (typeof u.output_tokens === 'number') out.completion_tokens = u.output_tokens;
  return start || out.prompt_tokens !== undefined || out.completion_tokens !== undefined ? out : undefined;
}

export class AnthropicChatStream implements StreamTranslation {
  /** content block index → the tool call's index among the answer's tool calls */
  private readonly tools = new Map<number, number>();

  private chunk(delta: Obj, finish: string | null = null): Obj {
    return { choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
  }

  streamEvent(event: FrameEvent, _routeType: RouteType, _model: ModelSettings): StreamStep {
    const e = parse(event.data);
    const type = event.event ?? (typeof e?.type === 'string' ? e.type : undefined);
    if (type === 'error') return errorStep(e);
    if (e === undefined) return NOTHING;
    switch (type) {
      case 'message_start': {
        const m = isObj(e.message) ? e.message : {};
        const usage = usageOf(m.usage, true);
        return {
          frame: undefined,
          chunk: this.chunk({ role: 'assistant', content: '' }),
          text: '',
          ...(usage !== undefined ? { usage } : {}),
          ...(typeof m.model === 'string' ? { responseModel: m.model } : {}),
        };
      }
      case 'content_block_start': {
        const block = isObj(e.content_block) ? e.content_block : {};
        if (block.type !== 'tool_use' || typeof e.index !== 'number') return NOTHING;
        const n = this.tools.size;
        this.tools.set(e.index, n);
        return { frame: undefined, text: '', chunk: this.chunk({ tool_calls: [{ index: n, id: block.id, type: 'function', function: { name: block.name, arguments: '' } }] }) };
      }
      case 'content_block_delta': {
        const d = isObj(e.delta) ? e.delta : {};
        if (d.type === 'text_delta' && typeof d.text === 'string') return { frame: undefined, text: d.text, chunk: this.chunk({ content: d.text }) };
        if (d.type === 'input_json_delta' && typeof d.partial_json === 'string') {
          const index = typeof e.index === 'number' ? (this.tools.get(e.index) ?? 0) : 0;
          return { frame: undefined, text: '', chunk: this.chunk({ tool_calls: [{ index, function: { arguments: d.partial_json } }] }) };
        }
        return NOTHING; // thinking, signature, citations: no OpenAI counterpart
      }
      case 'message_delta': {
        const d = isObj(e.delta) ? e.delta : {};
        const usage = usageOf(e.usage, false);
        const stop = d.stop_reason;
        if (stop === undefined || stop === null) return usage !== undefined ? { ...NOTHING, usage } : NOTHING;
        return { frame: undefined, text: '', chunk: this.chunk({}, finishReason(stop)), finished: true, ...(usage !== undefined ? { usage } : {}) };
      }
      default:
        return NOTHING; // message_stop, ping, content_block_stop, unknown events
    }
  }
}

/** Stateless use (one event on its own): tool-call deltas then count from the block index. */
export function chatStreamEvent(event: FrameEvent, routeType: RouteType, model: ModelSettings): StreamStep {
  return new AnthropicChatStream().streamEvent(event, routeType, model);
}

/** The legacy Text Completions stream: `event: completion` frames → text_completion chunks. */
export function completionStreamEvent(event: FrameEvent): StreamStep {
  const e = parse(event.data);
  const type = event.event ?? (typeof e?.type === 'string' ? e.type : undefined);
  if (type === 'error') return errorStep(e);
  if (e === undefined || type !== 'completion') return NOTHING;
  const text = typeof e.completion === 'string' ? e.completion : '';
  const stop = e.stop_reason;
  const finished = stop !== undefined && stop !== null;
  const finish = finished ? finishReason(stop) : null;
  return { frame: undefined, text, finished, chunk: { choices: [{ text, index: 0, logprobs: null, finish_reason: finish }] } };
}
