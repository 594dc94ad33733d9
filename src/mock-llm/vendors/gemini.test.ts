// @google/genai as the client, straight against the mock: the Gemini API with an API key, and
// Vertex AI with a service account whose token google-auth-library fetches from the mock's
// OAuth endpoint.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ApiError, GoogleGenAI } from '@google/genai';
import { rejection, startMock, type StartedMock } from '../mock.test-helper.js';

const KEY = 'AIza-mock-gemini-key';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERVICE_ACCOUNT = {
  type: 'service_account',
  project_id: 'mock-project',
  private_key_id: 'mock-key-1',
  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  client_email: 'gateway@mock-project.iam.gserviceaccount.com',
  client_id: '1234567890',
  token_uri: '', // set to the mock's /token in before()
};
let m: StartedMock;
let ai: GoogleGenAI;

before(async () => {
  m = await startMock({ key: KEY, googleServiceAccountPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  SERVICE_ACCOUNT.token_uri = `${m.url}/token`;
  ai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: m.url } });
});
after(() => m.close());

const ask = (text: string, maxOutputTokens?: number) => ({
  model: 'gemini-2.0-flash',
  contents: text,
  config: { systemInstruction: 'be brief', ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}) },
});

describe('@google/genai → mock-llm (gemini, API key)', () => {
  it('generateContent: text, finishReason, usageMetadata; the key in x-goog-api-key', async () => {
    await m.clear();
    const r = await ai.models.generateContent(ask('one two three'));
    assert.equal(r.text, ' three two one');
    assert.equal(r.candidates?.[0]?.finishReason, 'STOP');
    assert.deepEqual(r.usageMetadata, { promptTokenCount: 5, candidatesTokenCount: 3, totalTokenCount: 8 });
    assert.equal(r.modelVersion, 'gemini-2.0-flash');
    const cut = await ai.models.generateContent(ask('one two three', 2));
    assert.equal(cut.candidates?.[0]?.finishReason, 'MAX_TOKENS');
    const [rec] = await m.requests();
    assert.equal(rec!.vendor, 'gemini');
    assert.equal(rec!.path, '/v1beta/models/gemini-2.0-flash:generateContent');
    assert.equal(rec!.headers['x-goog-api-key'], KEY);
  });

  it('generateContentStream (alt=sse): one chunk per token, cumulative usage, finishReason last', async () => {
    await m.clear();
    let text = '';
    const chunks = [];
    for await (const c of await ai.models.generateContentStream(ask('a b c d'))) {
      text += c.text ?? '';
      chunks.push(c);
    }
    assert.equal(text, ' d c b a');
    assert.equal(chunks.length, 4);
    assert.equal(chunks.at(-1)!.candidates?.[0]?.finishReason, 'STOP');
    assert.deepEqual(chunks.at(-1)!.usageMetadata, { promptTokenCount: 6, candidatesTokenCount: 4, totalTokenCount: 10 });
    const [rec] = await m.requests();
    assert.deepEqual(rec!.query, { alt: 'sse' });
  });

  it('without alt=sse the stream is one JSON array (Kong 3.10 asks this way); key as ?key=', async () => {
    const res = await fetch(`${m.url}/v1beta/models/gemini-2.0-flash:streamGenerateContent?key=${KEY}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'x y z' }] }], generation_config: { max_output_tokens: 2 } }),
    });
    assert.match(res.headers.get('content-type')!, /^application\/json/);
    const arr = JSON.parse(await res.text()) as { candidates: { content: { parts: { text: string }[] }; finishReason?: string }[] }[];
    assert.equal(arr.map((e) => e.candidates[0]!.content.parts[0]!.text).join(''), ' z y');
    assert.equal(arr.at(-1)!.candidates[0]!.finishReason, 'MAX_TOKENS');
  });

  it('function calling: mode ANY gives a functionCall part, whole and streamed', async () => {
    const config = {
      tools: [{ functionDeclarations: [{ name: 'get_weather', parameters: { type: 'OBJECT' as never, properties: { location: { type: 'STRING' as never } } } }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY' as never } },
    };
    const r = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'Rome', config });
    assert.deepEqual(r.functionCalls?.map((c) => [c.name, c.args]), [['get_weather', { location: 'Rome' }]]);
    const calls = [];
    for await (const c of await ai.models.generateContentStream({ model: 'gemini-2.0-flash', contents: 'Rome', config })) calls.push(...(c.functionCalls ?? []));
    assert.deepEqual(calls.map((c) => c.name), ['get_weather']);
  });

  it('countTokens and embedContent', async () => {
    const c = await ai.models.countTokens({ model: 'gemini-2.0-flash', contents: 'one two three' });
    assert.equal(c.totalTokens, 3);
    const e = await ai.models.embedContent({ model: 'text-embedding-004', contents: ['hello', 'world'] });
    assert.equal(e.embeddings?.length, 2);
    assert.equal(e.embeddings?.[0]?.values?.length, 8);
  });

  it('errors are ApiError with the status: 400 invalid key, 429, 500, 503', async () => {
    const bad = new GoogleGenAI({ apiKey: 'wrong', httpOptions: { baseUrl: m.url } });
    const e400 = await rejection(() => bad.models.generateContent(ask('hi')));
    assert.ok(e400 instanceof ApiError, String(e400));
    assert.equal(e400.status, 400);
    assert.match(e400.message, /API key not valid/);
    for (const status of [429, 500, 503]) {
      const e = await rejection(() => ai.models.generateContent({ ...ask('hi'), config: { httpOptions: { headers: { 'x-mock-fault': String(status) } } } }));
      assert.ok(e instanceof ApiError, String(e));
      assert.equal(e.status, status);
    }
  });

  it('an error element mid-stream throws ApiError', async () => {
    const e = await rejection(async () => {
      for await (const _ of await ai.models.generateContentStream({ ...ask('a b c d e'), config: { httpOptions: { headers: { 'x-mock-fault': 'stream-error' } } } })) void _;
    });
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.status, 500);
  });
});

describe('@google/genai → mock-llm (vertex, service account)', () => {
  // google-auth-library 10 posts to the hard-coded https://oauth2.googleapis.com/token (it does
  // not read token_uri); its own transport hook sends that request to the mock's /token instead.
  const toMock = (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    return fetch(url === 'https://oauth2.googleapis.com/token' ? SERVICE_ACCOUNT.token_uri : input, init);
  };
  const vertexClient = (credentials: object) =>
    new GoogleGenAI({
      vertexai: true,
      project: 'mock-project',
      location: 'us-central1',
      googleAuthOptions: { credentials, clientOptions: { transporterOptions: { fetchImplementation: toMock } } } as never,
      httpOptions: { baseUrl: m.url },
    });

  it('the token comes from POST /token (JWT verified), then generateContent and the stream with Bearer', async () => {
    await m.clear();
    const v = vertexClient(SERVICE_ACCOUNT);
    const r = await v.models.generateContent(ask('p q r'));
    assert.equal(r.text, ' r q p');
    let text = '';
    for await (const c of await v.models.generateContentStream(ask('p q'))) text += c.text ?? '';
    assert.equal(text, ' q p');
    const recs = await m.requests();
    assert.equal(recs[0]!.path, '/token');
    assert.equal((recs[0]!.body.match(/grant_type=([^&]+)/) ?? [])[1], encodeURIComponent('urn:ietf:params:oauth:grant-type:jwt-bearer'));
    const gen = recs.find((x) => x.operation === 'generateContent')!;
    assert.equal(gen.vendor, 'vertex');
    assert.equal(gen.path, '/v1beta1/projects/mock-project/locations/us-central1/publishers/google/models/gemini-2.0-flash:generateContent');
    assert.match(String(gen.headers.authorization), /^Bearer ya29\.mock-/);
    assert.equal(gen.auth, 'valid');
  });

  it('a service account with another key is refused by /token; a made-up Bearer gets 401 UNAUTHENTICATED', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const e = await rejection(() => vertexClient({ ...SERVICE_ACCOUNT, private_key: other }).models.generateContent(ask('hi')));
    assert.match(e.message, /invalid_grant|Invalid JWT Signature/);
    const res = await fetch(`${m.url}/v1/projects/p/locations/l/publishers/google/models/g:generateContent`, {
      method: 'POST',
      headers: { authorization: 'Bearer ya29.made-up' },
      body: '{}',
    });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { status: string } }).error.status, 'UNAUTHENTICATED');
  });
});
