// Amazon Bedrock Runtime: Converse (/model/{modelId}/converse) and ConverseStream
// (/model/{modelId}/converse-stream, binary event stream), plus InvokeModel for Titan text
// embeddings (Kong's embeddings route). SigV4 verified against the configured key (bedrock-sigv4.ts);
// errors as AWS's restJson1 protocol sends them: {"message"} with the x-amzn-ErrorType header.
import { z } from 'zod';
import { answer, embed } from '../answer.js';
import type { AwsCredentials } from '../options.js';
import { parseBody, promptOf, textOf } from '../request.js';
import { answerWith, stream, type Frame } from '../respond.js';
import { pickToolCall, type ToolCall, type ToolChoice } from '../tools.js';
import { RequestError, type Ctx, type Reply, type Vendor } from '../vendor.js';
import { eventMessage, exceptionMessage } from './bedrock-eventstream.js';
import { verifySigV4 } from './bedrock-sigv4.js';

const CODES: Record<number, [string, string]> = {
  400: ['ValidationException', 'Malformed input request, please reformat your input and try again.'],
  403: ['AccessDeniedException', "You don't have access to the model with the specified model ID."],
  404: ['ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.'],
  408: ['ModelTimeoutException', 'Model has timed out in processing the request.'],
  413: ['ValidationException', 'Input is too long for requested model.'],
  424: ['ModelErrorException', 'The model returned an error.'],
  429: ['ThrottlingException', 'Too many requests, please wait before trying again.'],
  500: ['InternalServerException', 'The server encountered an internal error while processing the request.'],
  503: ['ServiceUnavailableException', 'The service is currently unavailable. Please try again later.'],
};

function awsError(status: number, code: string, message: string): Reply {
  return { status, headers: { 'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazon.bedrock/`, 'x-amzn-requestid': 'mock-request-id' }, body: { message } };
}

export function bedrockError(status: number, message?: string): Reply {
  const [code, text] = CODES[status] ?? CODES[status >= 500 ? 500 : 400]!;
  return awsError(status, code, message ?? text);
}

const block = z.object({ text: z.string() }).loose().or(z.object({}).loose());
const converseRequest = z.object({
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.array(block).min(1) })).min(1),
  system: z.array(z.object({ text: z.string() }).loose().or(z.object({}).loose())).optional(),
  toolConfig: z
    .object({
      tools: z.array(z.object({ toolSpec: z.object({ name: z.string().min(1), inputSchema: z.object({ json: z.unknown() }).loose().optional() }).loose() }).loose()).min(1),
      toolChoice: z.object({ auto: z.object({}).optional(), any: z.object({}).optional(), tool: z.object({ name: z.string() }).optional() }).optional(),
    })
    .optional(),
  inferenceConfig: z.object({ maxTokens: z.number().int().positive().optional(), temperature: z.number().optional(), topP: z.number().optional(), stopSequences: z.array(z.string()).optional() }).optional(),
});

function converse(ctx: Ctx, streamed: boolean): void {
  const body = parseBody(ctx, converseRequest);
  const { input, all } = promptOf(body.messages);
  const a = answer(input, `${textOf(body.system ?? [])} ${all}`, body.inferenceConfig?.maxTokens);
  const stopReason = a.finish === 'length' ? 'max_tokens' : 'end_turn';
  const usage = { inputTokens: a.promptTokens, outputTokens: a.completionTokens, totalTokens: a.promptTokens + a.completionTokens };
  const headers = { 'x-amzn-requestid': `mock-${ctx.record.seq}` };
  const call = toolCallOf(body, input, ctx.record.seq);
  if (call) return toolUse(ctx, streamed, call, a.promptTokens, headers);
  if (!streamed) {
    return answerWith(ctx, { status: 200, headers, body: { output: { message: { role: 'assistant', content: [{ text: a.text }] } }, stopReason, usage, metrics: { latencyMs: 1 } } });
  }
  function* frames(): Generator<Frame> {
    yield { data: eventMessage('messageStart', { role: 'assistant' }) };
    for (const t of a.tokens) yield { data: eventMessage('contentBlockDelta', { contentBlockIndex: 0, delta: { text: t } }), token: true };
    yield { data: eventMessage('contentBlockStop', { contentBlockIndex: 0 }) };
    yield { data: eventMessage('messageStop', { stopReason }) };
    yield { data: eventMessage('metadata', { usage, metrics: { latencyMs: 1 } }) };
  }
  stream(ctx, {
    headers: { 'content-type': 'application/vnd.amazon.eventstream', ...headers },
    frames: frames(),
    errorFrame: () => ({ data: exceptionMessage('internalServerException', 'The server encountered an internal error while processing the request.') }),
  });
}

function toolCallOf(body: z.infer<typeof converseRequest>, input: string, seq: number): ToolCall | undefined {
  const last = body.messages[body.messages.length - 1]!;
  if (last.content.some((b) => 'toolResult' in b)) return undefined;
  const tc = body.toolConfig?.toolChoice;
  const choice: ToolChoice = tc?.tool ? { name: tc.tool.name } : tc?.any ? 'any' : undefined;
  const decls = (body.toolConfig?.tools ?? []).map((t) => ({ name: t.toolSpec.name, schema: t.toolSpec.inputSchema?.json }));
  return pickToolCall(decls, choice, input, 'tooluse_mock', seq);
}

function toolUse(ctx: Ctx, streamed: boolean, call: ToolCall, inputTokens: number, headers: Record<string, string>): void {
  const usage = { inputTokens, outputTokens: call.completionTokens, totalTokens: inputTokens + call.completionTokens };
  if (!streamed) {
    const content = [{ toolUse: { toolUseId: call.id, name: call.name, input: call.args } }];
    return answerWith(ctx, { status: 200, headers, body: { output: { message: { role: 'assistant', content } }, stopReason: 'tool_use', usage, metrics: { latencyMs: 1 } } });
  }
  function* frames(): Generator<Frame> {
    yield { data: eventMessage('messageStart', { role: 'assistant' }) };
    yield { data: eventMessage('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: call.id, name: call.name } } }) };
    for (const piece of call.pieces) yield { data: eventMessage('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: piece } } }), token: true };
    yield { data: eventMessage('contentBlockStop', { contentBlockIndex: 0 }) };
    yield { data: eventMessage('messageStop', { stopReason: 'tool_use' }) };
    yield { data: eventMessage('metadata', { usage, metrics: { latencyMs: 1 } }) };
  }
  stream(ctx, { headers: { 'content-type': 'application/vnd.amazon.eventstream', ...headers }, frames: frames() });
}

const titanEmbed = z.object({ inputText: z.string(), dimensions: z.number().int().positive().max(4096).optional() });

function invoke(ctx: Ctx, modelId: string): void {
  if (!/embed/i.test(modelId)) throw new RequestError(400, `The mock answers InvokeModel only for embedding models (amazon.titan-embed-*); use Converse for ${modelId}.`);
  const body = parseBody(ctx, titanEmbed);
  answerWith(ctx, { status: 200, body: { embedding: embed(body.inputText, body.dimensions ?? 8), inputTextTokenCount: answer('', body.inputText).promptTokens } });
}

const PATH = /^\/model\/(?<model>[^/]+)\/(?<op>converse|converse-stream|invoke)$/;

export function bedrock(creds: AwsCredentials | undefined): Vendor {
  return {
    name: 'bedrock',
    route(method, path) {
      const m = method === 'POST' ? PATH.exec(path) : null;
      if (!m) return undefined;
      let model: string;
      try {
        model = decodeURIComponent(m.groups!.model!);
      } catch {
        model = m.groups!.model!;
      }
      return { operation: m.groups!.op!, params: { model } };
    },
    async authenticate(ctx) {
      if (creds === undefined) return { verdict: 'unchecked' };
      const failure = await verifySigV4(ctx, creds, 'bedrock');
      if (!failure) return { verdict: 'valid' };
      const verdict = failure.code === 'MissingAuthenticationTokenException' ? 'missing' : 'invalid';
      return { verdict, reject: awsError(403, failure.code, failure.message) };
    },
    error: bedrockError,
    handle(ctx, route) {
      if (route.operation === 'invoke') return invoke(ctx, route.params.model!);
      return converse(ctx, route.operation === 'converse-stream');
    },
  };
}
