// bin/mock-tgi: the local Hugging Face TGI server (see src/testing/tgi/server.ts).
import { parseArgs } from 'node:util';
import { createMockTgi } from '../testing/tgi/index.js';

const HELP = `Usage: mock-tgi [--listen 127.0.0.1:PORT] [--token T] [--token-delay-ms N] [--keep-alive-ms N] [--model-id ID]

A local text-generation-inference server: POST /generate, /generate_stream, / and
/v1/chat/completions, GET /info and /health, TGI's error bodies, deterministic text.

  --listen HOST:PORT     where to listen (default 127.0.0.1:0, a free port)   env MOCK_TGI_LISTEN
  --token T              require "Authorization: Bearer T" (401 otherwise)     env MOCK_TGI_TOKEN
                         (repeatable: any of them is accepted, e.g. old and new during a rotation;
                         env: comma-separated)
  --token-delay-ms N     delay before each streamed token (default 0)          env MOCK_TGI_TOKEN_DELAY_MS
  --keep-alive-ms N      ":" keep-alive comment interval in streams (15000)    env MOCK_TGI_KEEP_ALIVE_MS
  --model-id ID          model id reported by /info (HuggingFaceTB/SmolVLM-Base) env MOCK_TGI_MODEL_ID
  --help                 this text

Prints "mock-tgi listening on http://HOST:PORT" when ready. GET /__requests lists the requests
received (Authorization redacted; "authorization" says valid/invalid/missing, "tokenIndex"
which --token was used, 0 for the first).`;

function fail(message: string): never {
  process.stderr.write(`mock-tgi: ${message}\nRun mock-tgi --help for usage.\n`);
  process.exit(2);
}

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        listen: { type: 'string' },
        token: { type: 'string', multiple: true },
        'token-delay-ms': { type: 'string' },
        'keep-alive-ms': { type: 'string' },
        'model-id': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const env = process.env;
  const listen = values.listen ?? env.MOCK_TGI_LISTEN ?? '127.0.0.1:0';
  const m = /^(.*):(\d+)$/.exec(listen);
  if (!m) fail(`--listen: expected HOST:PORT, got "${listen}"`);
  const num = (flag: string, raw: string | undefined, dflt: number): number => {
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) fail(`--${flag}: expected a whole number of milliseconds, got "${raw}"`);
    return n;
  };
  const tokens = values.token ?? (env.MOCK_TGI_TOKEN ? env.MOCK_TGI_TOKEN.split(',') : []);
  if (tokens.some((t) => t === '')) fail('--token: a token must not be empty');
  const tgi = createMockTgi({
    ...(tokens.length > 0 ? { tokens } : {}),
    tokenDelayMs: num('token-delay-ms', values['token-delay-ms'] ?? env.MOCK_TGI_TOKEN_DELAY_MS, 0),
    keepAliveMs: num('keep-alive-ms', values['keep-alive-ms'] ?? env.MOCK_TGI_KEEP_ALIVE_MS, 15_000),
    modelId: values['model-id'] ?? env.MOCK_TGI_MODEL_ID ?? 'HuggingFaceTB/SmolVLM-Base',
  });
  tgi
    .listen(Number(m[2]), m[1]!)
    .then((url) => process.stdout.write(`mock-tgi listening on ${url}\n`))
    .catch((err: Error) => fail(`cannot listen on ${listen}: ${err.message}`));
  const stop = (): void => void tgi.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
