// OpenAI chat/completions wire types: what clients send to an `llm_format: openai` route and
// what the gateway answers (reference 4.3/4.4; TGI's own /v1/chat/completions uses the same
// shapes). Types only.

export interface ChatMessage {
  role: string;
  content: string | { type: string; text?: string }[] | null;
  [extra: string]: unknown;
}

export interface ChatRequest {
  model?: string;
  messages: ChatMessage[];
  stream?: boolean;
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  [extra: string]: unknown;
}

export interface CompletionRequest {
  model?: string;
  prompt: string;
  stream?: boolean;
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  [extra: string]: unknown;
}

export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

export interface ChatCompletion {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  system_fingerprint?: string;
  choices: { index: number; message: { role?: string; content: string | null }; finish_reason: string | null }[];
  usage?: Usage;
}

export interface ChatCompletionChunk {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices: { index: number; delta: { role?: string; content?: string | null }; finish_reason?: string | null }[];
  usage?: Usage | null;
}

/** What Kong's HF driver emits to OpenAI-format clients (reference 4.3). */
export interface KongChatResponse {
  model: string;
  object: string;
  choices: { message: { content: string }; index: number; finish_reason: string }[];
  usage: Usage;
}
