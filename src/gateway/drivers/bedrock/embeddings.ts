// OpenAI embeddings → Bedrock InvokeModel with an Amazon Titan text-embeddings body (Kong 3.11+
// documents Bedrock embeddings through InvokeModel, `/model/{modelId}/invoke`; Kong 3.10 has
// none, and Kong's field mapping is not public — this is ours): one input (a string, or an array
// of one) → `{inputText, dimensions?, normalize?}` (`dimensions` from the body, else
// `model.options.embeddings_dimensions`; `normalize` from `model.options.bedrock.embeddings_normalize`);
// the answer `{embedding, inputTextTokenCount}` → an OpenAI list with float embeddings (ask with
// `encoding_format: "float"`: the answer cannot be base64) and usage.
import type { ModelSettings, ResponseTranslation, RouteType, Translated, Translator } from '../driver.js';
import { openAiStreamError } from '../stream-error.js';

type Obj = Record<string, unknown>;

function requestBody(body: Obj, _raw: Buffer, _routeType: RouteType, model: ModelSettings): Translated<Buffer> {
  const input = Array.isArray(body.input) && body.input.length === 1 ? body.input[0] : body.input;
  if (typeof input !== 'string') return { ok: false, message: 'Titan embeddings take one input text per request' };
  const options = model.options;
  const dims = typeof body.dimensions === 'number' ? body.dimensions : options?.embeddings_dimensions;
  const normalize = (options?.bedrock as { embeddings_normalize?: unknown } | null | undefined)?.embeddings_normalize === true;
  const out: Obj = { inputText: input, ...(typeof dims === 'number' ? { dimensions: dims } : {}), ...(normalize ? { normalize: true } : {}) };
  return { ok: true, value: Buffer.from(JSON.stringify(out)) };
}

function responseBody(upstream: Buffer, model: ModelSettings): Translated<ResponseTranslation> {
  let r: { embedding?: unknown; inputTextTokenCount?: unknown };
  try {
    r = JSON.parse(upstream.toString('utf8')) as typeof r;
  } catch {
    return { ok: false, message: 'failed to decode response from Bedrock' };
  }
  if (typeof r !== 'object' || r === null || !Array.isArray(r.embedding)) return { ok: false, message: "'embedding' not in bedrock://llm/v1/embeddings response" };
  const prompt = typeof r.inputTextTokenCount === 'number' ? r.inputTextTokenCount : undefined;
  const json: Obj = {
    object: 'list',
    data: [{ object: 'embedding', index: 0, embedding: r.embedding }],
    ...(model.name !== null ? { model: model.name } : {}),
    ...(prompt !== undefined ? { usage: { prompt_tokens: prompt, total_tokens: prompt } } : {}),
  };
  let body: string | undefined;
  return { ok: true, value: { get body() { return (body ??= JSON.stringify(json)); }, json, usage: prompt !== undefined ? { prompt_tokens: prompt, completion_tokens: 0 } : {}, responseModel: undefined, text: '' } };
}

export const openAiToBedrockEmbeddings: Translator = {
  name: 'openai-to-bedrock-embeddings',
  passthrough: false,
  framing: 'aws-eventstream',
  streams: false,
  requestBody,
  responseBody: (upstream, _routeType, model) => responseBody(upstream, model),
  streamEvent: () => ({ frame: undefined, text: '' }),
  streamTerminator: 'data: [DONE]\n\n',
  streamError: openAiStreamError,
};
