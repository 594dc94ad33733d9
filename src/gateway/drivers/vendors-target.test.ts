// Where the gemini, cohere and azure drivers send a call (Kong's URL rules per driver), where the
// credential goes, what they refuse (naming the field), and the Vertex service-account token:
// signed with the key, exchanged at the account's own token_uri, cached, failures without a secret.
import assert from 'node:assert/strict';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { AiProxyConfig } from '../../schemas/index.js';
import { readServiceAccount, signAssertion, VertexTokenSource } from './gemini/index.js';
import { describeAuth, isUnsupported, planFor, type DriverPlan } from './index.js';

function config(provider: string, options: Record<string, unknown>, extra: Record<string, unknown> = {}): AiProxyConfig {
  return {
    route_type: 'llm/v1/chat',
    llm_format: 'openai',
    response_streaming: 'allow',
    auth: { header_name: 'api-key', header_value: 'the-secret', allow_override: false },
    model: { provider, name: 'm1', options },
    ...extra,
  } as unknown as AiProxyConfig;
}

function plan(c: AiProxyConfig): DriverPlan {
  const p = planFor(c);
  assert.ok(!isUnsupported(p), isUnsupported(p) ? p.unsupported : '');
  return p;
}

const url = (p: DriverPlan, req: { operation?: string | null; stream?: boolean; model?: string | null } = {}) => {
  const t = p.target({ operation: req.operation ?? null, stream: req.stream ?? false, model: req.model === undefined ? 'm1' : req.model });
  assert.ok('origin' in t, JSON.stringify(t));
  return `${t.origin}${t.clientPath ? '<client path>' : (t.path ?? '<route path>')}${t.query ? `?${t.query}` : ''}`;
};

describe('azure target', () => {
  const az = { azure_instance: 'inst', azure_deployment_id: 'dep', azure_api_version: '2024-10-21' };
  const table: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['chat', az, {}, 'https://inst.openai.azure.com:443/openai/deployments/dep/chat/completions?api-version=2024-10-21'],
    ['completions', az, { route_type: 'llm/v1/completions' }, 'https://inst.openai.azure.com:443/openai/deployments/dep/completions?api-version=2024-10-21'],
    ['embeddings', az, { route_type: 'llm/v1/embeddings' }, 'https://inst.openai.azure.com:443/openai/deployments/dep/embeddings?api-version=2024-10-21'],
    ['upstream_path after the deployment prefix', { ...az, upstream_path: '/extensions/chat/completions' }, {}, 'https://inst.openai.azure.com:443/openai/deployments/dep/extensions/chat/completions?api-version=2024-10-21'],
    ['upstream_url as is, api-version still added', { ...az, upstream_url: 'http://127.0.0.1:9000/x/y' }, {}, 'http://127.0.0.1:9000/x/y?api-version=2024-10-21'],
    ['upstream_url without a path: /', { ...az, upstream_url: 'http://127.0.0.1:9000' }, {}, 'http://127.0.0.1:9000/?api-version=2024-10-21'],
    ['preserve: the client path, api-version added', az, { route_type: 'preserve' }, 'https://inst.openai.azure.com:443<client path>?api-version=2024-10-21'],
  ];
  for (const [name, options, extra, want] of table) it(name, () => assert.equal(url(plan(config('azure', options, extra))), want));

  it('api-key header, the client\'s own kept only with allow_override; Set-Cookie cleared', () => {
    const p = plan(config('azure', az));
    assert.equal(describeAuth(p.auth), "header api-key (replaces the client's)");
    assert.deepEqual(p.clearResponseHeaders, ['set-cookie']);
  });

  it('azure_use_managed_identity: refused naming the field and the alternative', () => {
    const p = planFor(config('azure', az, { auth: { azure_use_managed_identity: true } }));
    assert.ok(isUnsupported(p));
    assert.equal(p.status, 500);
    assert.match(p.unsupported, /^config\.auth\.azure_use_managed_identity is not supported by this gateway .*set config\.auth\.azure_use_managed_identity to false .*config\.auth\.header_name 'api-key'/);
  });

  it('missing azure_instance: Kong\'s message naming the field', () => {
    const p = planFor(config('azure', { azure_deployment_id: 'dep' }));
    assert.ok(isUnsupported(p));
    assert.equal(p.unsupported, "must set 'model.options.azure_instance' for azure provider");
  });
});

describe('gemini target', () => {
  const vertex = { gemini: { api_endpoint: 'us-central1-aiplatform.googleapis.com', project_id: 'p', location_id: 'us-central1' } };
  it('Gemini API: model and operation in the path; streams as Kong asks for them (no alt=sse: the JSON array)', () => {
    const p = plan(config('gemini', {}));
    assert.equal(url(p), 'https://generativelanguage.googleapis.com:443/v1beta/models/m1:generateContent');
    assert.equal(url(p, { stream: true }), 'https://generativelanguage.googleapis.com:443/v1beta/models/m1:streamGenerateContent');
  });
  it('Vertex AI when api_endpoint, project_id and location_id are set', () => {
    assert.equal(url(plan(config('gemini', vertex))), 'https://us-central1-aiplatform.googleapis.com:443/v1/projects/p/locations/us-central1/publishers/google/models/m1:generateContent');
  });
  it('upstream_url without a path: the default path on that host; with a path: as is; upstream_path wins', () => {
    assert.equal(url(plan(config('gemini', { upstream_url: 'http://127.0.0.1:9' }))), 'http://127.0.0.1:9/v1beta/models/m1:generateContent');
    assert.equal(url(plan(config('gemini', { ...vertex, upstream_url: 'http://127.0.0.1:9' })), { stream: true }), 'http://127.0.0.1:9/v1/projects/p/locations/us-central1/publishers/google/models/m1:streamGenerateContent');
    assert.equal(url(plan(config('gemini', { upstream_url: 'http://127.0.0.1:9/fixed' }))), 'http://127.0.0.1:9/fixed');
    assert.equal(url(plan(config('gemini', { upstream_path: '/v1/models/x:generateContent' }))), 'https://generativelanguage.googleapis.com:443/v1/models/x:generateContent');
  });
  it('native: the operation the path named, the client\'s query kept (no alt added)', () => {
    const p = plan(config('gemini', {}, { llm_format: 'gemini' }));
    assert.equal(url(p, { operation: 'streamGenerateContent', stream: true }), 'https://generativelanguage.googleapis.com:443/v1beta/models/m1:streamGenerateContent');
    const op = p.translator.operation!('POST', '/v1beta/models/gemini-2.0-flash:streamGenerateContent');
    assert.deepEqual(op, { ok: true, operation: 'streamGenerateContent', stream: true, model: 'gemini-2.0-flash' });
    assert.equal(p.translator.operation!('POST', '/v1beta/models/m:countTokens').ok, false);
    assert.equal((p.translator.operation!('GET', '/v1beta/models/m:generateContent') as { status: number }).status, 405);
  });
  it("Kong 3.10's Vertex rules: no express mode (the three fields all or none) and no Model Garden endpoint_id — Kong's 400 naming the fields, whatever the format", () => {
    const refused = (g: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const p = planFor(config('gemini', { gemini: g }, extra));
      assert.ok(isUnsupported(p), `${JSON.stringify(g)} was planned`);
      assert.equal(p.status, 400);
      return p.unsupported;
    };
    for (const extra of [{}, { llm_format: 'gemini' }]) {
      assert.equal(
        refused({ api_endpoint: 'aiplatform.googleapis.com' }, extra),
        "config.model.options.gemini: all or none of these fields must be set: 'api_endpoint', 'project_id', 'location_id' (Kong 3.10 has no Vertex express mode); set config.model.options.gemini.project_id and config.model.options.gemini.location_id for Vertex AI, or remove the others for the Gemini API",
      );
    }
    assert.match(refused({ project_id: 'p', location_id: 'l' }), /set config\.model\.options\.gemini\.api_endpoint for Vertex AI/);
    assert.match(refused({ ...vertex.gemini, endpoint_id: '123' }), /^config\.model\.options\.gemini\.endpoint_id is not supported: Kong 3\.10 has no Vertex Model Garden endpoints/);
    // empty values count as unset, as Kong's is_nonempty
    assert.equal(url(plan(config('gemini', { gemini: { api_endpoint: '', project_id: null } }))), 'https://generativelanguage.googleapis.com:443/v1beta/models/m1:generateContent');
  });
  it('no model at all: Kong\'s 400', () => {
    const t = plan(config('gemini', {})).target({ operation: null, stream: false, model: null });
    assert.deepEqual(t, { status: 400, message: 'model parameter not found in request, nor in gateway configuration', plain: false });
  });
  it('auth: the header always set (no allow_override), the key query parameter', () => {
    const p = plan(config('gemini', {}, { auth: { param_name: 'key', param_value: 'k', param_location: 'query' } }));
    assert.equal(describeAuth(p.auth), 'query parameter key');
    assert.equal(plan(config('gemini', {}, { auth: { header_name: 'x-goog-api-key', header_value: 'k', allow_override: true } })).auth.headerOverridable, false);
  });
  it('completions and embeddings: Kong\'s 400 no transformer', () => {
    for (const rt of ['llm/v1/completions', 'llm/v1/embeddings']) {
      const p = planFor(config('gemini', {}, { route_type: rt }));
      assert.ok(isUnsupported(p));
      assert.deepEqual([p.unsupported, p.status], [`no transformer for gemini://${rt}`, 400]);
    }
  });
});

describe('cohere target', () => {
  it('chat /v1/chat, completions /v1/generate; upstream_url as is; embeddings refused', () => {
    assert.equal(url(plan(config('cohere', {}))), 'https://api.cohere.com:443/v1/chat');
    assert.equal(url(plan(config('cohere', {}, { route_type: 'llm/v1/completions' }))), 'https://api.cohere.com:443/v1/generate');
    assert.equal(url(plan(config('cohere', { upstream_url: 'http://127.0.0.1:9/v1/chat' }))), 'http://127.0.0.1:9/v1/chat');
    const e = planFor(config('cohere', {}, { route_type: 'llm/v1/embeddings' }));
    assert.ok(isUnsupported(e) && e.unsupported === 'no transformer for cohere://llm/v1/embeddings');
  });
  it('native: the API path the client named on the configured host', () => {
    const p = plan(config('cohere', { upstream_url: 'http://127.0.0.1:9/ignored' }, { llm_format: 'cohere' }));
    const op = p.translator.operation!('POST', '/cohere-native/v2/chat');
    assert.deepEqual(op, { ok: true, operation: 'v2/chat', stream: false });
    assert.equal(url(p, { operation: 'v2/chat' }), 'http://127.0.0.1:9/v2/chat');
    assert.equal(p.translator.operation!('POST', '/x/v1/datasets').ok, false);
  });
});

describe('Vertex service-account token', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const json = JSON.stringify({ client_email: 'a@p.iam.gserviceaccount.com', private_key: pem, private_key_id: 'kid1', token_uri: 'http://127.0.0.1:1/token' });

  it('the assertion is RS256 over header.claims with the account\'s key; iss, aud = token_uri, scope', () => {
    const sa = readServiceAccount(json, {});
    assert.ok(!('unsupported' in sa));
    const [h, c, s] = signAssertion(sa, 1_700_000_000).split('.');
    assert.ok(createVerify('RSA-SHA256').update(`${h}.${c}`).verify(publicKey, Buffer.from(s!, 'base64url')));
    assert.deepEqual(JSON.parse(Buffer.from(h!, 'base64url').toString()), { alg: 'RS256', typ: 'JWT', kid: 'kid1' });
    assert.deepEqual(JSON.parse(Buffer.from(c!, 'base64url').toString()), {
      iss: 'a@p.iam.gserviceaccount.com', scope: 'https://www.googleapis.com/auth/cloud-platform', aud: 'http://127.0.0.1:1/token', iat: 1_700_000_000, exp: 1_700_003_600,
    });
  });

  it('exchanged at token_uri once, reused until a minute before expiry; concurrent callers share one exchange', async () => {
    const sa = readServiceAccount(json, {});
    assert.ok(!('unsupported' in sa));
    const calls: string[] = [];
    let n = 0;
    const fake = (async (input: string, init: RequestInit) => {
      calls.push(`${input} ${new URLSearchParams(String(init.body)).get('grant_type')}`);
      n++;
      return new Response(JSON.stringify({ access_token: `tok-${n}`, expires_in: n === 1 ? 3600 : 30 }), { status: 200 });
    }) as unknown as typeof fetch;
    const src = new VertexTokenSource(sa, fake);
    assert.deepEqual(await Promise.all([src.get(), src.get(), src.get()]), ['tok-1', 'tok-1', 'tok-1']);
    assert.deepEqual(calls, ['http://127.0.0.1:1/token urn:ietf:params:oauth:grant-type:jwt-bearer']);
  });

  it('a short-lived token (under the minute of margin) is exchanged again next time', async () => {
    const sa = readServiceAccount(json, {});
    assert.ok(!('unsupported' in sa));
    let n = 0;
    const fake = (async () => new Response(JSON.stringify({ access_token: `tok-${++n}`, expires_in: 30 }), { status: 200 })) as unknown as typeof fetch;
    const src = new VertexTokenSource(sa, fake);
    assert.equal(await src.get(), 'tok-1');
    assert.equal(await src.get(), 'tok-2');
  });

  it('a refused exchange rejects with the status and OAuth error code, never the key, assertion or body', async () => {
    const sa = readServiceAccount(json, {});
    assert.ok(!('unsupported' in sa));
    const fake = (async () => new Response('{"error":"invalid_grant","error_description":"Invalid JWT Signature."}', { status: 400 })) as unknown as typeof fetch;
    await assert.rejects(new VertexTokenSource(sa, fake).get(), (err: Error) => {
      assert.equal(err.message, 'service account token request to http://127.0.0.1:1/token answered 400 (invalid_grant)');
      return true;
    });
  });

  it('bad service accounts are refused naming config.auth.gcp_service_account_json, without quoting it', () => {
    const cases: [string | null, RegExp][] = [
      [null, /neither config\.auth\.gcp_service_account_json nor the environment variable GCP_SERVICE_ACCOUNT is set/],
      ['{not json', /config\.auth\.gcp_service_account_json \(or GCP_SERVICE_ACCOUNT\) is not JSON/],
      ['{"client_email":"a"}', /lacks client_email or private_key/],
      ['{"client_email":"a","private_key":"secret-not-a-key"}', /private_key is not a PEM private key/],
    ];
    for (const [value, re] of cases) {
      const r = readServiceAccount(value, {});
      assert.ok('unsupported' in r);
      assert.match(r.unsupported, re);
      assert.doesNotMatch(r.unsupported, /secret-not-a-key/);
    }
    const fromEnv = readServiceAccount(null, { GCP_SERVICE_ACCOUNT: json });
    assert.ok(!('unsupported' in fromEnv) && fromEnv.clientEmail === 'a@p.iam.gserviceaccount.com');
  });

  it('gcp_use_service_account: the plan authorizes each call with the minted token and says so in its name (no secret)', () => {
    const p = plan(config('gemini', {}, { auth: { gcp_use_service_account: true, gcp_service_account_json: json } }));
    assert.equal(typeof p.authorize, 'function');
    assert.match(p.authDescription ?? "", /Authorization: Bearer <OAuth token> for service account a@p\.iam\.gserviceaccount\.com, minted at http:\/\/127\.0\.0\.1:1\/token/);
    assert.doesNotMatch(JSON.stringify(p), /PRIVATE KEY/);
  });
});
