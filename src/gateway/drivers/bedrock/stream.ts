// Bedrock's ConverseStream events (decoded from application/vnd.amazon.eventstream by the shared
// framing: the event name is `:event-type`, or `exception:<:exception-type>`) → OpenAI chunks,
// event by event (Kong's handle_stream_event): messageStart → the role chunk, contentBlockStart of
// a toolUse → the tool call's id and name, contentBlockDelta → text or tool-call arguments,
// messageStop → the finish chunk (stopReason mapped), metadata → usage (the proxy then writes the
// usage chunk and [DONE]). An exception message → an OpenAI error event, the stream's last (Kong
// drops it silently). Tool calls are numbered among the answer's tool calls, not content blocks.
import type { ModelSettings, RouteType, StreamStep, StreamTranslation } from '../driver.js';
import type { FrameEvent } from '../framing.js';
import { finishReason } from './openai-format.js';

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

/** `exception:throttlingException` → an OpenAI error event naming the exception; the stream ends there. */
export function exceptionStep(event: string, e: Obj | undefined): StreamStep {
  const kind = event.slice(event.indexOf(':') + 1) || 'exception';
  const message = typeof e?.message === 'string' ? e.message : `the upstream reported ${kind}`;
  return { frame: `data: ${JSON.stringify({ error: { message, type: kind } })}\n\n`, text: '', failed: true };
}

export class BedrockChatStream implements StreamTranslation {
  /** content block index → the tool call's index among the answer's tool calls */
  private readonly tools = new Map<number, number>();

  streamEvent(event: FrameEvent, _routeType: RouteType, _model: ModelSettings): StreamStep {
    const name = event.event ?? '';
    const e = parse(event.data);
    if (name.startsWith('exception:') || name.startsWith('error:')) return exceptionStep(name, e);
    if (e === undefined) return NOTHING;
    const chunk = (delta: Obj, finish: string | null = null) => ({ choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
    switch (name) {
      case 'messageStart':
        return { frame: undefined, text: '', chunk: chunk({ role: typeof e.role === 'string' ? e.role : 'assistant', content: '' }) };
      case 'contentBlockStart': {
        const tool = isObj(e.start) && isObj(e.start.toolUse) ? e.start.toolUse : undefined;
        if (tool === undefined) return NOTHING;
        const n = this.tools.size;
        if (typeof e.contentBlockIndex === 'number') this.tools.set(e.contentBlockIndex, n);
        return { frame: undefined, text: '', chunk: chunk({ tool_calls: [{ index: n, id: tool.toolUseId, type: 'function', function: { name: tool.name, arguments: '' } }] }) };
      }
      case 'contentBlockDelta': {
        const d = isObj(e.delta) ? e.delta : {};
        if (typeof d.text === 'string') return { frame: undefined, text: d.text, chunk: chunk({ content: d.text }) };
        if (isObj(d.toolUse) && typeof d.toolUse.input === 'string') {
          const index = typeof e.contentBlockIndex === 'number' ? (this.tools.get(e.contentBlockIndex) ?? 0) : 0;
          return { frame: undefined, text: '', chunk: chunk({ tool_calls: [{ index, function: { arguments: d.toolUse.input } }] }) };
        }
        return NOTHING; // reasoningContent, citations: no OpenAI counterpart
      }
      case 'messageStop':
        return { frame: undefined, text: '', finished: true, chunk: chunk({}, finishReason(e.stopReason)) };
      case 'metadata': {
        const u = isObj(e.usage) ? e.usage : {};
        const usage = {
          ...(typeof u.inputTokens === 'number' ? { prompt_tokens: u.inputTokens } : {}),
          ...(typeof u.outputTokens === 'number' ? { completion_tokens: u.outputTokens } : {}),
        };
        return { ...NOTHING, usage };
      }
      default:
        return NOTHING; // contentBlockStop, unknown events
    }
  }
}

/** Stateless use (one event on its own): tool-call deltas then count from 0. */
export function chatStreamEvent(event: FrameEvent, routeType: RouteType, model: ModelSettings): StreamStep {
  return new BedrockChatStream().streamEvent(event, routeType, model);
}
