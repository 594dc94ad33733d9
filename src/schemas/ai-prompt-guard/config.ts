// ai-prompt-guard's `config` record: the one attribute table (Kong 3.15's schema = Konnect's
// `AiPromptGuardPlugin`, reference kong-ai-plugins.md §3.1; descriptions from the official
// provider's OpenAPI). Validation, defaults, the view and the value types derive from it.
import { arr, bool, el, int, rec, str } from '../kong-schema/index.js';

/** `llm_format` (Kong's order). */
export const PROMPT_LLM_FORMATS = ['anthropic', 'bedrock', 'cohere', 'gemini', 'huggingface', 'openai'] as const;
export const GUARD_GENAI_CATEGORIES = [
  'audio/speech', 'audio/transcription', 'image/generation', 'realtime/generation', 'text/embeddings', 'text/generation', 'video/generation',
] as const;

const patterns = <const N extends 'allow_patterns' | 'deny_patterns'>(name: N, description: string) =>
  arr(name, el.str({ lenMin: 1, lenMax: 500 }), { lenMax: 10, description });

export const guardConfigRecord = rec(
  'config',
  [
    patterns('allow_patterns', "Array of valid regex patterns, or valid questions from the 'user' role in chat."),
    patterns('deny_patterns', "Array of invalid regex patterns, or invalid questions from the 'user' role in chat."),
    bool('allow_all_conversation_history', {
      required: true,
      default: false,
      description: 'If true, will ignore all previous chat prompts from the conversation history.',
    }),
    bool('match_all_roles', {
      required: true,
      default: false,
      description: "If true, will match all roles in addition to 'user' role in conversation history.",
    }),
    int('max_request_body_size', {
      default: 1048576,
      description:
        "max allowed body size allowed to be introspected. 0 means unlimited, but the size of this body will still be limited by Nginx's client_max_body_size.",
    }),
    str('llm_format', { default: 'openai', enum: PROMPT_LLM_FORMATS, description: 'LLM input and output format and schema to use' }),
    str('genai_category', { default: 'text/generation', enum: GUARD_GENAI_CATEGORIES, description: 'Generative AI category of the request' }),
  ] as const,
  { required: true },
);
