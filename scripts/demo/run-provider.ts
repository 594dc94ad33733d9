// `DEMO_PROVIDER=<name> make demo` (openai, anthropic, bedrock), step by step — the seed's path
// (run.ts) with the provider's ai-proxy: mock Konnect and bin/mock-llm (requiring the generated
// credentials, given through its environment) on free ports, the provider in a filesystem mirror,
// examples/terraform/route/main.tf rewritten for the provider in .demo/terraform-<name>, terraform
// init and apply with the credentials as sensitive TF_VAR_* variables, ai-gateway resolving that
// control plane, an OpenAI-format chat request and a streamed one through it, everything stopped
// by PID.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chat, chatPrompt, chatStream, CHAT_MAX_TOKENS } from './chat.js';
import { printProviderNextSteps, shown } from './next-steps.js';
import { DemoError } from './output.js';
import { BIN } from './paths.js';
import { providerConfiguration } from './provider-example.js';
import type { DemoProvider } from './providers.js';
import { pidList, POLL_INTERVAL_S, startOnPort, type DemoOptions } from './run.js';
import { demoToken, readState, writeEnvFile, writeState } from './state.js';
import { findTerraform, installProvider, terraform, terraformEnv } from './terraform.js';
import { exampleControlPlane } from './examples.js';
import { describeCall, upstreamCalls } from './upstream-log.js';

/** Delay before each streamed token at bin/mock-llm, so the stream is visibly token by token. */
const TOKEN_DELAY_MS = 60;

export async function runProviderDemo(o: Omit<DemoOptions, 'rotate'>, p: DemoProvider): Promise<void> {
  const { paths, out, processes } = o;
  const startedAt = performance.now();
  const terraformBin = findTerraform();
  if (!terraformBin) throw new DemoError('the terraform CLI is not on PATH: install Terraform (1.5 or later), or set TERRAFORM=/path/to/terraform, then run make demo again');

  const previous = readState(paths);
  const konnectToken = demoToken('kpat_demo');
  const credentials = p.credentials.map((c) => ({ ...c, value: c.generate() }));
  out.redactor.add(konnectToken);
  for (const c of credentials) out.redactor.add(c.value);
  const workdir = join(paths.root, `terraform-${p.name}`);
  const envFile = join(paths.root, `env-${p.name}.sh`);
  const routePath = `/${p.name}`;
  mkdirSync(paths.root, { recursive: true });

  out.line(`make demo: Terraform → mock Konnect → ai-gateway → a local ${p.title} API (bin/mock-llm). No account, no real key:`);
  out.line(`the Konnect token and the ${p.title} credentials are generated for this run and never printed. Working directory: ${shown(paths.root)}/`);
  out.line();

  const konnect = await out.step(
    `start the mock Konnect (durable, data in ${shown(paths.konnectData)})`,
    () => startOnPort(processes, 'mock-konnect', BIN.mockKonnect, previous?.konnectPort ?? 0, (listen) => ['--listen', listen, '--data', paths.konnectData, '--token', konnectToken]),
    (s) => `mock-konnect listening on ${s.urls['mock-konnect']} (pid ${s.pid})`,
  );
  const konnectUrl = konnect.urls['mock-konnect']!;

  // The credentials go to the mock through its environment, not its command line (ps shows that).
  const mockEnv = { ...process.env, ...Object.fromEntries(credentials.map((c) => [c.mockEnv, c.value])) };
  const llm = await out.step(
    `start the local ${p.title} API (bin/mock-llm; requires the demo credentials: ${p.authSummary})`,
    () =>
      startOnPort(processes, 'mock-llm', BIN.mockLlm, previous?.llmPort ?? 0, (listen) => ['--listen', listen, ...p.mockArgs, '--token-delay-ms', String(TOKEN_DELAY_MS)], mockEnv),
    (s) => `mock-llm listening on ${s.urls['mock-llm']} (pid ${s.pid})`,
  );
  const llmUrl = llm.urls['mock-llm']!;

  const cliConfig = await out.step(
    `install the provider (kong/konnect, built from this checkout) into a filesystem mirror in ${shown(paths.provider)}`,
    () => installProvider(paths.provider),
    (cfg) => `TF_CLI_CONFIG_FILE=${shown(cfg)}`,
  );

  const mainTf = join(workdir, 'main.tf');
  const controlPlane = await out.step(
    `write ${shown(mainTf)}: examples/terraform/route/main.tf with the ${p.title} ai-proxy (model ${p.model})`,
    async () => {
      const hcl = providerConfiguration(p, konnectUrl, llmUrl);
      mkdirSync(workdir, { recursive: true });
      writeFileSync(mainTf, hcl);
      out.detail(`auth: ${p.authSummary}; config.model.options.upstream_url = the local ${p.title} API (${llmUrl}${p.upstreamPath})`);
      return exampleControlPlane(hcl);
    },
    (cp) => `control plane '${cp}', route ${routePath}`,
  );
  writeState(paths, { ...(previous ?? { tgiPort: 0, controlPlane }), konnectPort: Number(new URL(konnectUrl).port), llmPort: Number(new URL(llmUrl).port) });

  const tfVars = Object.fromEntries(credentials.map((c) => [`TF_VAR_${c.variable}`, c.value]));
  const tfEnv = terraformEnv(cliConfig, { KONNECT_TOKEN: konnectToken, ...tfVars });
  writeEnvFile({ ...paths, envFile }, { TF_CLI_CONFIG_FILE: cliConfig, KONNECT_TOKEN: konnectToken, ...tfVars, ...Object.fromEntries(credentials.map((c) => [c.mockEnv, c.value])) });

  await out.step(
    'terraform init (kong/konnect from the filesystem mirror, offline)',
    () => {
      rmSync(join(workdir, '.terraform.lock.hcl'), { force: true });
      return terraform(terraformBin, workdir, ['init', '-input=false'], tfEnv, 'terraform init');
    },
    (text) => {
      const v = /Installing kong\/konnect v([0-9][0-9A-Za-z.+-]*[0-9A-Za-z])/.exec(text)?.[1];
      return v ? `installed kong/konnect v${v} from the mirror` : 'kong/konnect already installed';
    },
  );
  await out.step(
    `terraform apply (${Object.keys(tfVars).join(', ')} = the generated demo credentials)`,
    () => terraform(terraformBin, workdir, ['apply', '-auto-approve', '-input=false'], tfEnv, 'terraform apply'),
    (text) => /Apply complete! Resources: [^\n]*/.exec(text)?.[0] ?? 'applied',
  );

  const gateway = await out.step(
    `start ai-gateway, resolving control plane '${controlPlane}' from the mock Konnect (poll every ${POLL_INTERVAL_S} s)`,
    () =>
      processes.start(
        'ai-gateway',
        BIN.aiGateway,
        ['--konnect-url', konnectUrl, '--control-plane', controlPlane, '--poll-interval', `${POLL_INTERVAL_S}s`, '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0', '--workers', '1'],
        ['proxy', 'status'],
        { env: { ...process.env, KONNECT_TOKEN: konnectToken }, timeoutMs: 30_000 },
      ),
    (s) => `proxy listening on ${s.urls.proxy}, status on ${s.urls.status} (pid ${s.pid})`,
  );
  const base = `${gateway.urls.proxy}${routePath}`;
  const prompt = chatPrompt(p.title);

  out.line();
  out.line(`      prompt: ${JSON.stringify(prompt)} (max_tokens ${CHAT_MAX_TOKENS}; OpenAI format, the gateway translates for ${p.name})`);
  await out.step(
    `POST ${routePath}/v1/chat/completions through the gateway`,
    async () => {
      const r = await chat(base, prompt);
      if (r.status !== 200) throw new DemoError(`POST ${routePath}/v1/chat/completions answered HTTP ${r.status}`, r.text);
      out.detail(`HTTP ${r.status}, model ${r.model ?? '?'}, finish_reason ${r.finishReason ?? '?'}, content: ${JSON.stringify(r.text)}`);
      return r;
    },
    (r) => `HTTP ${r.status} in ${Math.round(r.ms)} ms`,
  );
  await out.step(
    `POST ${routePath}/v1/chat/completions with "stream": true (each token printed as it arrives)`,
    async () => {
      out.raw('      stream: ');
      const r = await chatStream(base, prompt, (t) => out.raw(t));
      out.line();
      if (r.status !== 200) throw new DemoError(`the streamed POST ${routePath}/v1/chat/completions answered HTTP ${r.status}`, r.text);
      return r;
    },
    (r) => `HTTP ${r.status}, ${r.tokens} tokens, first after ${Math.round(r.firstTokenMs ?? 0)} ms, last after ${Math.round(r.ms)} ms, finish_reason ${r.finishReason ?? '?'}`,
  );

  await out.step(
    `what the local ${p.title} API received (bin/mock-llm's request log; paths and credential checks only)`,
    async () => {
      const calls = await upstreamCalls(llmUrl);
      for (const c of calls) out.detail(describeCall(c));
      const bad = calls.filter((c) => c.auth !== 'valid');
      if (calls.length === 0 || bad.length > 0) throw new DemoError(`bin/mock-llm did not check the demo credential on every request (${bad.length} of ${calls.length} not valid)`);
      return calls;
    },
    (calls) => `${calls.length} requests, the credential valid on each`,
  );

  out.line();
  await out.step('stop everything the demo started', () => processes.stopAll(), (list) => `stopped ${pidList(list)}`);
  printProviderNextSteps(out, { ...paths, workdir, envFile }, p, konnectUrl, llmUrl, controlPlane, performance.now() - startedAt, routePath);
}
