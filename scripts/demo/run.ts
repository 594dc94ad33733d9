// `make demo`, step by step: mock Konnect and local TGI on free ports, the provider in a
// filesystem mirror, the seed's Terraform configuration in .demo/terraform, terraform init and
// apply with TF_VAR_huggingface_token, ai-gateway resolving that control plane from the mock,
// POST /generate and /generate_stream through it, optionally a live token rotation
// (DEMO_ROTATE=1), and everything stopped by PID at the end.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DemoError, Output, seconds } from './output.js';
import { BIN, type DemoPaths } from './paths.js';
import { printNextSteps, shown } from './next-steps.js';
import { Processes, type Started } from './processes.js';
import { rotateLive } from './rotate.js';
import { demoConfiguration, exampleControlPlane, exampleFile } from './examples.js';
import { demoToken, readState, writeEnvFile, writeState } from './state.js';
import { findTerraform, installProvider, terraform, terraformEnv } from './terraform.js';
import { generate, generateStream, MAX_NEW_TOKENS, PROMPT } from './traffic.js';

export const ROUTE_PATH = '/hf';
export const POLL_INTERVAL_S = 1;
/** Delay before each streamed token at the local TGI, so the stream is visibly token by token. */
const TOKEN_DELAY_MS = 60;

export interface DemoOptions {
  readonly paths: DemoPaths;
  readonly out: Output;
  readonly processes: Processes;
  readonly rotate: boolean;
}


export const pidList = (list: readonly { label: string; pid: number }[]) => list.map((s) => `${s.label} (pid ${s.pid})`).join(', ');

/** Starts a server on `port`, or on a free port when that one is taken. */
export async function startOnPort(processes: Processes, label: string, bin: string, port: number, args: (listen: string) => string[], env?: NodeJS.ProcessEnv): Promise<Started> {
  try {
    return await processes.start(label, bin, args(`127.0.0.1:${port}`), [label], { ...(env ? { env } : {}) });
  } catch (err) {
    if (port === 0) throw err;
    return processes.start(label, bin, args('127.0.0.1:0'), [label], { ...(env ? { env } : {}) });
  }
}

export async function runDemo(o: DemoOptions): Promise<void> {
  const { paths, out, processes } = o;
  const startedAt = performance.now();
  const redact = (s: string) => out.redactor.add(s);
  const terraformBin = findTerraform();
  if (!terraformBin) throw new DemoError('the terraform CLI is not on PATH: install Terraform (1.5 or later), or set TERRAFORM=/path/to/terraform, then run make demo again');

  const previous = readState(paths);
  const konnectToken = demoToken('kpat_demo');
  const hfToken = demoToken('hf_demo_');
  const hfTokenNew = demoToken('hf_demo_rotated_');
  for (const t of [konnectToken, hfToken, hfTokenNew]) redact(t);
  mkdirSync(paths.root, { recursive: true });

  out.line('make demo: Terraform → mock Konnect → ai-gateway → a local Hugging Face TGI. No account, no real token:');
  out.line(`the Konnect and Hugging Face tokens are generated for this run and never printed. Working directory: ${shown(paths.root)}/`);
  out.line();

  const konnect = await out.step(
    `start the mock Konnect (durable, data in ${shown(paths.konnectData)})`,
    () =>
      startOnPort(processes, 'mock-konnect', BIN.mockKonnect, previous?.konnectPort ?? 0, (listen) => ['--listen', listen, '--data', paths.konnectData, '--token', konnectToken]),
    (s) => `mock-konnect listening on ${s.urls['mock-konnect']} (pid ${s.pid})`,
  );
  const konnectUrl = konnect.urls['mock-konnect']!;

  const tgiTokens = o.rotate ? ['--token', hfToken, '--token', hfTokenNew] : ['--token', hfToken];
  const tgi = await out.step(
    `start the local TGI (Hugging Face text-generation-inference; requires the demo token${o.rotate ? ', old or new' : ''})`,
    () =>
      startOnPort(processes, 'mock-tgi', BIN.mockTgi, previous?.tgiPort ?? 0, (listen) => ['--listen', listen, ...tgiTokens, '--token-delay-ms', String(TOKEN_DELAY_MS)]),
    (s) => `mock-tgi listening on ${s.urls['mock-tgi']} (pid ${s.pid})`,
  );
  const tgiUrl = tgi.urls['mock-tgi']!;
  const cliConfig = await out.step(
    `install the provider (kong/konnect, built from this checkout) into a filesystem mirror in ${shown(paths.provider)}`,
    () => installProvider(paths.provider),
    (p) => `TF_CLI_CONFIG_FILE=${shown(p)}`,
  );

  const mainTf = join(paths.workdir, 'main.tf');
  const controlPlane = await out.step(
    `write ${shown(mainTf)}: ${shown(exampleFile('route'))} (the seed's route-scoped configuration: control plane, service, route, ai-proxy)`,
    async () => {
      const hcl = demoConfiguration('route', konnectUrl, tgiUrl);
      mkdirSync(paths.workdir, { recursive: true });
      writeFileSync(mainTf, hcl);
      out.detail('added: konnect_server_url default = the mock Konnect; config.model.options.upstream_url = the local TGI');
      return exampleControlPlane(hcl);
    },
    (cp) => `control plane '${cp}'`,
  );
  writeState(paths, { ...previous, konnectPort: Number(new URL(konnectUrl).port), tgiPort: Number(new URL(tgiUrl).port), controlPlane });

  const tfEnv = (token: string) => terraformEnv(cliConfig, { KONNECT_TOKEN: konnectToken, TF_VAR_huggingface_token: token });
  writeEnvFile(paths, { TF_CLI_CONFIG_FILE: cliConfig, KONNECT_TOKEN: konnectToken, TF_VAR_huggingface_token: o.rotate ? hfTokenNew : hfToken });

  await out.step(
    'terraform init (kong/konnect from the filesystem mirror, offline)',
    () => {
      // The provider comes from this checkout's build: a rebuild changes its checksum, so the lock
      // file of an earlier run would refuse it. The demo's lock file records nothing else.
      rmSync(join(paths.workdir, '.terraform.lock.hcl'), { force: true });
      return terraform(terraformBin, paths.workdir, ['init', '-input=false'], tfEnv(hfToken), 'terraform init');
    },
    (text) => {
      const v = /Installing kong\/konnect v([0-9][0-9A-Za-z.+-]*[0-9A-Za-z])/.exec(text)?.[1];
      return v ? `installed kong/konnect v${v} from the mirror` : 'kong/konnect already installed';
    },
  );

  const applied = await out.step(
    'terraform apply (TF_VAR_huggingface_token = the generated demo token)',
    () => terraform(terraformBin, paths.workdir, ['apply', '-auto-approve', '-input=false'], tfEnv(hfToken), 'terraform apply'),
    (text) => /Apply complete! Resources: [^\n]*/.exec(text)?.[0] ?? 'applied',
  );
  void applied;

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
  const base = `${gateway.urls.proxy}${ROUTE_PATH}`;

  out.line();
  out.line(`      prompt: ${JSON.stringify(PROMPT)} (max_new_tokens ${MAX_NEW_TOKENS})`);
  await out.step(
    `POST ${ROUTE_PATH}/generate through the gateway`,
    async () => {
      const r = await generate(base);
      if (r.status !== 200) throw new DemoError(`POST ${ROUTE_PATH}/generate answered HTTP ${r.status}`, r.text);
      out.detail(`HTTP ${r.status}, generated_text: ${JSON.stringify(r.text)}`);
      return r;
    },
    (r) => `HTTP ${r.status} in ${Math.round(r.ms)} ms`,
  );
  await out.step(
    `POST ${ROUTE_PATH}/generate_stream through the gateway (each token printed as it arrives)`,
    async () => {
      out.raw('      stream: ');
      const r = await generateStream(base, (t) => out.raw(t));
      out.line();
      if (r.status !== 200) throw new DemoError(`POST ${ROUTE_PATH}/generate_stream answered HTTP ${r.status}`, r.text);
      return r;
    },
    (r) => `HTTP ${r.status}, ${r.tokens} tokens, first after ${Math.round(r.firstTokenMs ?? 0)} ms, last after ${Math.round(r.ms)} ms`,
  );

  if (o.rotate) {
    await out.step(
      'rotate the Hugging Face token live: new TF_VAR_huggingface_token, terraform apply, while a client keeps sending requests',
      async () => {
        const r = await rotateLive({
          gatewayBase: base,
          konnectUrl,
          tgiUrl,
          newIndex: 1,
          timeoutMs: POLL_INTERVAL_S * 1000 + 10_000,
          reapply: async () => void (await terraform(terraformBin, paths.workdir, ['apply', '-auto-approve', '-input=false'], tfEnv(hfTokenNew), 'terraform apply with the new token')),
        });
        if (r.switchMs === null || r.sinceUpdateMs === null) throw new DemoError(`the gateway did not send the new token within ${POLL_INTERVAL_S * 1000 + 10_000} ms of the apply`);
        if (r.failures.length > 0) throw new DemoError(`${r.failures.length} of ${r.requests} requests failed during the rotation`, r.failures.slice(0, 5).join('\n'));
        return r;
      },
      (r) =>
        `the gateway sent the new token ${seconds(r.sinceUpdateMs!)} after terraform updated the plugin (poll interval ${POLL_INTERVAL_S} s); ` +
        `${r.requests} requests during the switch, ${r.failures.length} failed, ${r.oldAfterSwitch} with the old token afterwards`,
    );
  }

  out.line();
  const started = await out.step('stop everything the demo started', () => processes.stopAll(), (list) => `stopped ${pidList(list)}`);
  void started;
  printNextSteps(out, paths, konnectUrl, tgiUrl, controlPlane, performance.now() - startedAt, ROUTE_PATH);
}
