// ai-prompt-decorator's `config` record: the one attribute table (Kong 3.15's schema = Konnect's
// `AiPromptDecoratorPlugin`, reference kong-ai-plugins.md §3.2; descriptions from the official
// provider's OpenAPI). Validation, defaults, the view and the value types derive from it.
import { arr, el, int, rec, str } from '../kong-schema/index.js';
import { PROMPT_LLM_FORMATS } from '../ai-prompt-guard/config.js';

export const DECORATOR_ROLES = ['assistant', 'system', 'user'] as const;

const prompt = el.rec([
  str('role', { required: true, default: 'system', enum: DECORATOR_ROLES }),
  str('content', { required: true, lenMin: 1, lenMax: 100000 }),
] as const);

export const decoratorConfigRecord = rec(
  'config',
  [
    rec('prompts', [
      arr('prepend', prompt, {
        lenMax: 15,
        description: 'Insert chat messages at the beginning of the chat message array. This array preserves exact order when adding messages.',
      }),
      arr('append', prompt, {
        lenMax: 15,
        description: 'Insert chat messages at the end of the chat message array. This array preserves exact order when adding messages.',
      }),
    ] as const),
    int('max_request_body_size', {
      default: 1048576,
      description:
        "max allowed body size allowed to be introspected. 0 means unlimited, but the size of this body will still be limited by Nginx's client_max_body_size.",
    }),
    str('llm_format', { default: 'openai', enum: PROMPT_LLM_FORMATS, description: 'LLM input and output format and schema to use' }),
  ] as const,
  { required: true },
);
