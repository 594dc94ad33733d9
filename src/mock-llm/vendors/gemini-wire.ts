// The Gemini wire format, shared by the Gemini API and Vertex AI: generateContent, the stream
// (SSE `data:` frames with alt=sse, else one JSON array written element by element), countTokens,
// embedContent and batchEmbedContents, and Google's error body ({"error":{code,message,status}}).
// Google's JSON parser takes camelCase and snake_case field names alike; so does the mock.
import { z } from 'zod';
import { answer, embed } from '../answer.js';
import { parseBody } from '../request.js';
import { answerWith, stream, type Frame } from '../respond.js';
import { pickToolCall, type ToolCall, type ToolChoice } from '../tools.js';
import type { Ctx, Reply } from '../vendor.js';

const STATUS: Record<number, [string, string]> = {
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  401: ['UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.'],
  403: ['PERMISSION_DENIED', 'The caller does not have permission'],
  404: ['NOT_FOUND', 'Requested entity was not found.'],
  413: ['INVALID_ARGUMENT', 'Request payload size exceeds the limit.'],
  429: ['RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'],
  500: ['INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'],
  503: ['UNAVAILABLE', 'The model is overloaded. Please try again later.'],
  504: ['DEADLINE_EXCEEDED', 'The request timed out. Please try again.'],
};

export function googleError(status: number, message?: string, details?: unknown[]): Reply {
  const [code, text] = STATUS[status] ?? STATUS[status >= 500 ? 500 : 400]!;
  return { status, body: { error: { code: status, message: message ?? text, status: code, ...(details ? { details } : {}) } } };
}

const part = z.object({ text: z.string().optional() }).loose();
const declaration = z.object({ name: z.string().min(1), parameters: z.unknown().optional(), parametersJsonSchema: z.unknown().optional() }).loose();
const tool = z.object({ functionDeclarations: z.array(declaration).optional(), function_declarations: z.array(declaration).optional() }).loose();
const callingConfig = z.object({ mode: z.string().optional(), allowedFunctionNames: z.array(z.string()).optional(), allowed_function_names: z.array(z.string()).optional() }).loose();
const toolConfig = z.object({ functionCallingConfig: callingConfig.optional(), function_calling_config: callingConfig.optional() }).loose();
const content = z.object({ role: z.string().optional(), parts: z.array(part).min(1) });
const generateRequest = z
  .object({
    contents: z.array(content).min(1),
    systemInstruction: content.partial({ parts: true }).optional(),
    system_instruction: content.partial({ parts: true }).optional(),
    generationConfig: z.object({ maxOutputTokens: z.number().int().positive().optional(), max_output_tokens: z.number().int().positive().optional() }).loose().optional(),
    generation_config: z.object({ maxOutputTokens: z.number().int().positive().optional(), max_output_tokens: z.number().int().positive().optional() }).loose().optional(),
    tools: z.array(tool).optional(),
    toolConfig: toolConfig.optional(),
    tool_config: toolConfig.optional(),
  })
  .loose();

const textOfParts = (c: { parts?: { text?: string | undefined }[] | undefined } | undefined) => (c?.parts ?? []).map((p) => p.text ?? '').join(' ');

export function generateContent(ctx: Ctx, model: string, streamed: boolean): void {
  const body = parseBody(ctx, generateRequest);
  const users = body.contents.filter((c) => (c.role ?? 'user') === 'user');
  const input = textOfParts(users[users.length - 1] ?? body.contents[body.contents.length - 1]);
  const system = textOfParts(body.systemInstruction ?? body.system_instruction);
  const config = body.generationConfig ?? body.generation_config;
  const a = answer(input, `${system} ${body.contents.map(textOfParts).join(' ')}`, config?.maxOutputTokens ?? config?.max_output_tokens);
  const finishReason = a.finish === 'length' ? 'MAX_TOKENS' : 'STOP';
  const meta = { modelVersion: model, responseId: `mock-${ctx.record.seq}` };
  const usage = (n: number) => ({ promptTokenCount: a.promptTokens, candidatesTokenCount: n, totalTokenCount: a.promptTokens + n });
  const call = toolCallOf(body, input, ctx.record.seq);
  if (call) {
    // One element, whole, streamed or not: Gemini does not split a function call.
    const element = { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: call.name, args: call.args } }] }, finishReason: 'STOP', index: 0 }], usageMetadata: usage(call.completionTokens), ...meta };
    if (!streamed) return answerWith(ctx, { status: 200, body: element });
    const sseMode = ctx.query.get('alt') === 'sse';
    return stream(ctx, {
      headers: { 'content-type': sseMode ? 'text/event-stream' : 'application/json; charset=UTF-8' },
      frames: [{ data: sseMode ? `data: ${JSON.stringify(element)}\r\n\r\n` : `[${JSON.stringify(element)}]` }],
    });
  }
  if (!streamed) {
    return answerWith(ctx, {
      status: 200,
      body: { candidates: [{ content: { role: 'model', parts: [{ text: a.text }] }, finishReason, index: 0 }], usageMetadata: usage(a.completionTokens), ...meta },
    });
  }
  // Each element carries one token and the usage so far (cumulative, as Gemini's); the last has finishReason.
  const element = (i: number) => ({
    candidates: [{ content: { role: 'model', parts: [{ text: a.tokens[i] }] }, ...(i === a.tokens.length - 1 ? { finishReason } : {}), index: 0 }],
    usageMetadata: usage(i + 1),
    ...meta,
  });
  const sse = ctx.query.get('alt') === 'sse';
  const errorBody = { error: { code: 500, message: STATUS[500]![1], status: 'INTERNAL' } };
  function* frames(): Generator<Frame> {
    for (let i = 0; i < a.tokens.length; i++) {
      const json = JSON.stringify(element(i));
      yield { data: sse ? `data: ${json}\r\n\r\n` : `${i === 0 ? '[' : ',\r\n'}${json}`, token: true };
    }
    if (!sse) yield { data: ']' };
  }
  stream(ctx, {
    headers: { 'content-type': sse ? 'text/event-stream' : 'application/json; charset=UTF-8', 'x-content-type-options': 'nosniff' },
    frames: frames(),
    errorFrame: () => ({ data: sse ? `data: ${JSON.stringify(errorBody)}\r\n\r\n` : `,\r\n${JSON.stringify(errorBody)}\n]` }),
  });
}

function toolCallOf(body: z.infer<typeof generateRequest>, input: string, seq: number): ToolCall | undefined {
  const last = body.contents[body.contents.length - 1]!;
  if (last.parts.some((p) => 'functionResponse' in p || 'function_response' in p)) return undefined;
  const cfg = (body.toolConfig ?? body.tool_config)?.functionCallingConfig ?? (body.toolConfig ?? body.tool_config)?.function_calling_config;
  const allowed = cfg?.allowedFunctionNames ?? cfg?.allowed_function_names;
  const choice: ToolChoice = cfg?.mode === 'NONE' ? 'none' : cfg?.mode === 'ANY' ? (allowed?.length === 1 ? { name: allowed[0]! } : 'any') : undefined;
  const decls = (body.tools ?? []).flatMap((t) => t.functionDeclarations ?? t.function_declarations ?? []).map((d) => ({ name: d.name, schema: d.parameters ?? d.parametersJsonSchema }));
  return pickToolCall(decls, choice, input, 'fc_mock', seq);
}

const countRequest = z.object({ contents: z.array(content).optional(), generateContentRequest: z.object({ contents: z.array(content) }).loose().optional() }).loose();

export function countTokens(ctx: Ctx): void {
  const body = parseBody(ctx, countRequest);
  const contents = body.contents ?? body.generateContentRequest?.contents ?? [];
  answerWith(ctx, { status: 200, body: { totalTokens: answer('', contents.map(textOfParts).join(' ')).promptTokens } });
}

const embedRequest = z.object({ content, outputDimensionality: z.number().int().positive().max(4096).optional() }).loose();
const batchEmbedRequest = z.object({ requests: z.array(embedRequest).min(1) });

export function embedContent(ctx: Ctx, batch: boolean): void {
  if (!batch) {
    const body = parseBody(ctx, embedRequest);
    return answerWith(ctx, { status: 200, body: { embedding: { values: embed(textOfParts(body.content), body.outputDimensionality ?? 8) } } });
  }
  const body = parseBody(ctx, batchEmbedRequest);
  answerWith(ctx, { status: 200, body: { embeddings: body.requests.map((r) => ({ values: embed(textOfParts(r.content), r.outputDimensionality ?? 8) })) } });
}
