// bin/mock-llm: the local upstream for every LLM vendor (see src/mock-llm/server.ts).
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createMockLlm, parseFaultRule, VENDOR_NAMES, type FaultRule, type MockLlmOptions, type VendorName } from '../mock-llm/index.js';
import { createMockTgi } from '../testing/tgi/index.js';

// Bedrock signs with --aws-*; Vertex takes tokens from POST /token (--vertex-key: a static token besides).
const KEYED = VENDOR_NAMES.filter((v) => v !== 'bedrock');

const HELP = `Usage: mock-llm [--listen 127.0.0.1:PORT] [--key K] [--<vendor>-key K ...]
                [--aws-access-key-id ID --aws-secret-access-key S [--aws-region R]]
                [--gcp-service-account FILE] [--token-delay-ms N] [--fault F]

A local upstream for every LLM vendor API: each vendor's real paths, auth checked in the
vendor's own place, its exact answers, streams and error bodies. Deterministic text: the last
user message's words in reverse order, once, cut at the request's token limit.

  --listen HOST:PORT          where to listen (default 127.0.0.1:0, a free port)      env MOCK_LLM_LISTEN
  --key K                     the credential of every vendor without its own (not ollama, vllm, llama2) env MOCK_LLM_KEY
  --<vendor>-key K            one vendor's credential; vendors: ${KEYED.join(', ')}
                                                                               env MOCK_LLM_<VENDOR>_KEY
  --aws-access-key-id ID      Bedrock: SigV4 signatures are verified with this key  env MOCK_LLM_AWS_ACCESS_KEY_ID
  --aws-secret-access-key S                                                      env MOCK_LLM_AWS_SECRET_ACCESS_KEY
  --aws-region R              Bedrock: the region requests must be signed for (any when unset)
  --gcp-service-account FILE  Vertex: POST /token accepts only JWTs signed by this service account
  --token-delay-ms N          delay before each streamed token (default 0)          env MOCK_LLM_TOKEN_DELAY_MS
  --fault F[@MODEL]           every request (for MODEL only: its body's model or a path segment) fails:
                              400|401|403|404|429|500|502|503|504|529|reset|hang|invalid-header|
                              cut-after-headers|stall|cut-mid-stream|stream-error
  --help                      this text

A vendor with no credential accepts any request. Prints "mock-llm listening on http://HOST:PORT"
when ready. A request header x-mock-fault: F[@MODEL][, …] fails one request; GET /__mock/requests lists what
was received (credentials included: never logged), DELETE clears it.`;

function fail(message: string): never {
  process.stderr.write(`mock-llm: ${message}\nRun mock-llm --help for usage.\n`);
  process.exit(2);
}

const keyFlags = Object.fromEntries(KEYED.map((v) => [`${v}-key`, { type: 'string' as const }]));

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        listen: { type: 'string' },
        key: { type: 'string' },
        ...keyFlags,
        'aws-access-key-id': { type: 'string' },
        'aws-secret-access-key': { type: 'string' },
        'aws-region': { type: 'string' },
        'gcp-service-account': { type: 'string' },
        'token-delay-ms': { type: 'string' },
        fault: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) return void process.stdout.write(`${HELP}\n`);
  const env = process.env;
  const str = (flag: string, envName: string): string | undefined => {
    const v = (values[flag] as string | undefined) ?? env[envName];
    if (v === '') fail(`--${flag}: must not be empty`);
    return v;
  };
  const listen = str('listen', 'MOCK_LLM_LISTEN') ?? '127.0.0.1:0';
  const m = /^(.*):(\d+)$/.exec(listen);
  if (!m) fail(`--listen: expected HOST:PORT, got "${listen}"`);
  const delayText = str('token-delay-ms', 'MOCK_LLM_TOKEN_DELAY_MS') ?? '0';
  if (!/^\d{1,7}$/.test(delayText)) fail(`--token-delay-ms: expected a whole number of milliseconds, got "${delayText}"`);

  const keys: Partial<Record<VendorName, string>> = {};
  for (const v of KEYED) {
    const k = str(`${v}-key`, `MOCK_LLM_${v.toUpperCase()}_KEY`);
    if (k !== undefined) keys[v] = k;
  }
  const key = str('key', 'MOCK_LLM_KEY');
  const accessKeyId = str('aws-access-key-id', 'MOCK_LLM_AWS_ACCESS_KEY_ID');
  const secretAccessKey = str('aws-secret-access-key', 'MOCK_LLM_AWS_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) fail('--aws-access-key-id and --aws-secret-access-key go together');
  const region = str('aws-region', 'MOCK_LLM_AWS_REGION');
  let fault: FaultRule | undefined;
  const faultText = str('fault', 'MOCK_LLM_FAULT');
  if (faultText !== undefined) {
    const f = parseFaultRule(faultText);
    if (typeof f === 'string') fail(`--fault: ${f}`);
    fault = f;
  }
  let googleServiceAccountPublicKey: string | undefined;
  const saFile = str('gcp-service-account', 'MOCK_LLM_GCP_SERVICE_ACCOUNT');
  if (saFile !== undefined) {
    try {
      const sa = JSON.parse(readFileSync(saFile, 'utf8')) as { private_key?: string };
      googleServiceAccountPublicKey = createPublicKey(sa.private_key ?? '').export({ type: 'spki', format: 'pem' }).toString();
    } catch {
      fail(`--gcp-service-account: ${saFile} is not a service account JSON file with a private_key`);
    }
  }

  // Hugging Face is the local TGI (src/testing/tgi, also bin/mock-tgi), started in-process on a
  // loopback port and reached through the huggingface vendor's paths.
  const hfToken = keys.huggingface ?? key;
  const tgi = createMockTgi({ ...(hfToken !== undefined ? { token: hfToken } : {}), tokenDelayMs: Number(delayText) });
  const huggingfaceUrl = await tgi.listen(0, '127.0.0.1');

  const options: MockLlmOptions = {
    keys,
    ...(key !== undefined ? { key } : {}),
    ...(accessKeyId !== undefined && secretAccessKey !== undefined ? { aws: { accessKeyId, secretAccessKey, ...(region !== undefined ? { region } : {}) } } : {}),
    ...(googleServiceAccountPublicKey !== undefined ? { googleServiceAccountPublicKey } : {}),
    tokenDelayMs: Number(delayText),
    ...(fault !== undefined ? { fault } : {}),
    huggingfaceUrl,
  };
  const llm = createMockLlm(options);
  let url: string;
  try {
    url = await llm.listen(Number(m[2]), m[1]!);
  } catch (err) {
    await tgi.close();
    fail(`cannot listen on ${listen}: ${(err as Error).message}`);
  }
  process.stdout.write(`mock-llm listening on ${url}\n`);
  const stop = (): void => void Promise.all([llm.close(), tgi.close()]).then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
