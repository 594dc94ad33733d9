// Llama 2 "raw" endpoints, as Kong's llama2 driver (llama2_format: raw) calls its upstream_url:
// POST {"inputs": "<s>[INST] <<SYS>> … <</SYS>> … [/INST]", "parameters": {max_new_tokens, …}}
// answered {"data": [{"generated_text": <the prompt followed by the answer>}]} — Kong keeps the
// text after the last [/INST]. Served at /llama2/raw (any path under /llama2/). Self-hosted:
// no auth unless --llama2-key is given (a Bearer token). The openai and ollama llama2 formats
// are served by /vllm/… and /ollama/….
import { z } from 'zod';
import { answer } from '../answer.js';
import { parseBody } from '../request.js';
import { answerWith } from '../respond.js';
import type { Reply, Vendor } from '../vendor.js';
import { bearerAuth } from './openai.js';

export function llama2Error(status: number, message?: string): Reply {
  return { status, body: { error: message ?? (status === 401 ? 'Unauthorized' : status === 429 ? 'Too many requests' : status >= 500 ? 'Internal server error' : 'Bad request') } };
}

const rawRequest = z.object({
  inputs: z.string(),
  parameters: z.object({ max_new_tokens: z.number().int().positive().nullish() }).loose().optional(),
});

/** The user's last turn in a Llama 2 chat prompt: after the last [INST] (and any <</SYS>>), before [/INST]. */
export function lastInstruction(inputs: string): string {
  const turn = inputs.split('[INST]').pop() ?? inputs;
  return (turn.split('[/INST]')[0] ?? turn).replace(/^[\s\S]*<<\/?SYS>>/, '').trim();
}

export function llama2(key: string | undefined): Vendor {
  return {
    name: 'llama2',
    route: (method, path) => (method === 'POST' && path.startsWith('/raw') ? { operation: 'raw', params: {} } : undefined),
    authenticate: (ctx) => bearerAuth(ctx, key, llama2Error, 'Unauthorized'),
    error: llama2Error,
    handle(ctx) {
      const body = parseBody(ctx, rawRequest);
      const input = lastInstruction(body.inputs);
      const a = answer(input, body.inputs.replace(/<\/?s>|\[\/?INST\]|<<\/?SYS>>/g, ' '), body.parameters?.max_new_tokens ?? undefined);
      answerWith(ctx, { status: 200, body: { data: [{ generated_text: `${body.inputs}${a.text}` }] } });
    },
  };
}
