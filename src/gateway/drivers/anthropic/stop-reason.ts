// Anthropic's stop_reason → OpenAI's finish_reason. Kong 3.10 passes stop_reason through verbatim
// (`end_turn` …) and never sets one in a stream; we map it so OpenAI SDK helpers work
// (finalChatCompletion needs a finish_reason, tool loops look for `tool_calls`).
const MAP: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

export function finishReason(stopReason: unknown): string {
  return typeof stopReason === 'string' ? (MAP[stopReason] ?? 'stop') : 'stop';
}
