// Hugging Face text-generation-inference (TGI) wire types, per TGI's OpenAPI document
// (reference/tgi-openapi.json). Types only: no behaviour lives here.

export interface GenerateParameters {
  adapter_id?: string | null;
  best_of?: number | null;
  decoder_input_details?: boolean;
  details?: boolean;
  do_sample?: boolean;
  frequency_penalty?: number | null;
  grammar?: unknown;
  max_new_tokens?: number | null;
  max_length?: number | null;
  repetition_penalty?: number | null;
  return_full_text?: boolean | null;
  seed?: number | null;
  stop?: string[];
  temperature?: number | null;
  top_k?: number | null;
  top_n_tokens?: number | null;
  top_p?: number | null;
  truncate?: number | null;
  typical_p?: number | null;
  watermark?: boolean;
}

export interface GenerateRequest {
  inputs: string;
  parameters?: GenerateParameters;
  /** Only on the compat route `POST /`. */
  stream?: boolean;
}

export type FinishReason = 'length' | 'eos_token' | 'stop_sequence';

export interface Token {
  id: number;
  text: string;
  logprob: number | null;
  special: boolean;
}

export interface Details {
  finish_reason: FinishReason;
  generated_tokens: number;
  prefill: { id: number; text: string; logprob: number | null }[];
  tokens: Token[];
  seed?: number | null;
  top_tokens?: Token[][];
}

export interface GenerateResponse {
  generated_text: string;
  details?: Details | null;
}

export interface StreamDetails {
  finish_reason: FinishReason;
  generated_tokens: number;
  input_length: number;
  seed?: number | null;
}

export interface StreamResponse {
  index: number;
  token: Token;
  top_tokens?: Token[];
  generated_text: string | null;
  details: StreamDetails | null;
}

export interface ErrorResponse {
  error: string;
  error_type: string;
}

export interface Info {
  model_id: string;
  model_sha?: string | null;
  model_pipeline_tag?: string | null;
  max_concurrent_requests: number;
  max_best_of: number;
  max_stop_sequences: number;
  max_input_tokens: number;
  max_total_tokens: number;
  validation_workers: number;
  max_client_batch_size: number;
  router: string;
  version: string;
  sha?: string | null;
  docker_label?: string | null;
}

/** The body Kong's huggingface driver sends upstream in OpenAI format (reference 4.2). */
export interface KongHfRequest {
  inputs?: string;
  messages?: unknown[];
  parameters: GenerateParameters;
  options: { use_cache: boolean; wait_for_model: boolean };
  model?: string;
  stream?: boolean;
  [extra: string]: unknown;
}
